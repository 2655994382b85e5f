using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;
using VmPortal.Core.Operations;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>
/// Deprecation that means something: an image's lifecycle state follows its dates by the portal's clock; a deprecated image
/// deploys with a warning in the answer and the operation, an obsolete one is refused naming its replacement.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImageLifecycleTests(AzuriteFixture azurite) : ImageHost(azurite, new TestClock())
{
    [Fact]
    public async Task The_state_follows_the_dates_by_the_clock()
    {
        await AddVmImageAsync("aging");
        await AddVmImageAsync("aging-next");
        var now = TestClock.Noon;

        var set = await Service.UpdateAsync("aging", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now.AddDays(1), now.AddDays(30), "AGING-NEXT")), "tests");

        Assert.Equal(new ImageLifecycleView(LifecycleState.Active, now.AddDays(1), now.AddDays(30), "aging-next"), set.Ok().Lifecycle);
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(LifecycleState.Deprecated, (await Queries.GetAsync("aging")).Ok().Lifecycle.State);
        Clock.Advance(TimeSpan.FromDays(29));
        Assert.Equal(LifecycleState.Obsolete, (await Queries.GetAsync("aging")).Ok().Lifecycle.State);
        Assert.Equal(LifecycleState.Obsolete,
            (await Queries.ListAsync(new ImageListQuery(Search: "aging"), 0, 10)).Ok().Items.Single(i => i.Name == "aging").Lifecycle.State);

        // Replaced whole: an empty lifecycle makes it active again.
        var cleared = await Service.UpdateAsync("aging", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate()), "tests");
        Assert.Equal(new ImageLifecycleView(LifecycleState.Active), cleared.Ok().Lifecycle);
    }

    [Fact]
    public async Task Dates_out_of_order_an_unknown_replacement_and_the_image_itself_are_refused_and_nothing_changes()
    {
        await AddVmImageAsync("strict");
        var now = TestClock.Noon;

        var backwards = await Service.UpdateAsync("strict", new ImageUpdate(Label: "Changed", Lifecycle: new ImageLifecycleUpdate(now.AddDays(2), now.AddDays(1))), "tests");
        var unknown = await Service.UpdateAsync("strict", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now, Replacement: "never-was")), "tests");
        var itself = await Service.UpdateAsync("strict", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now, Replacement: "STRICT")), "tests");
        var badName = await Service.UpdateAsync("strict", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now, Replacement: "no\u0007pe")), "tests");

        Assert.Equal((ErrorCodes.ValidationFailed, "lifecycle.obsoleteAt"), (backwards.Error?.Code, backwards.Error?.Field));
        Assert.Equal((ErrorCodes.NotFound, "lifecycle.replacement"), (unknown.Error?.Code, unknown.Error?.Field));
        Assert.Equal((ErrorCodes.ValidationFailed, "lifecycle.replacement"), (itself.Error?.Code, itself.Error?.Field));
        Assert.Equal((ErrorCodes.InvalidName, "lifecycle.replacement"), (badName.Error?.Code, badName.Error?.Field));
        var image = (await Queries.GetAsync("strict")).Ok();
        Assert.Equal(new ImageLifecycleView(LifecycleState.Active), image.Lifecycle);
        Assert.NotEqual("Changed", image.Label);
    }

    [Fact]
    public async Task A_deprecated_image_deploys_with_a_warning_in_the_answer_and_the_operation()
    {
        await AddVmImageAsync("old-web");
        await AddVmImageAsync("new-web");
        var now = TestClock.Noon;
        (await Service.UpdateAsync("old-web", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now.AddHours(-1), now.AddDays(30), "new-web")), "tests")).Ok();

        var deploy = await Get<DeployService>().DeployAsync("dep-svc", new DeployRequest("vm1", "old-web", "Small", "West US"), "tests");

        var warning = Assert.Single(deploy.Ok().Warnings!);
        Assert.Contains("'old-web' is deprecated since", warning);
        Assert.EndsWith("use new-web.", warning);
        await this.WaitForSuccessAsync(deploy.Ok().Id);
        Assert.Equal([warning], (await Get<OperationQueries>().GetAsync(deploy.Ok().Id)).Ok().Warnings);
    }

    [Fact]
    public async Task An_obsolete_image_is_refused_for_deploys_naming_its_replacement_and_nothing_is_created()
    {
        await AddVmImageAsync("gone-web");
        await AddVmImageAsync("next-web");
        var now = TestClock.Noon;
        (await Service.UpdateAsync("gone-web", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now.AddDays(-2), now.AddMinutes(-1), "next-web")), "tests")).Ok();

        var deploy = await Get<DeployService>().DeployAsync("obs-svc", new DeployRequest("vm1", "gone-web", "Small", "West US"), "tests");

        Assert.Equal((ErrorCodes.ImageObsolete, "imageName"), (deploy.Error?.Code, deploy.Error?.Field));
        Assert.Contains("deploy 'next-web' instead", deploy.Error!.Message);
        await using var db = Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == "obs-svc"));
    }

    [Fact]
    public async Task An_active_image_deploys_without_warnings()
    {
        await AddVmImageAsync("fresh-web");
        var now = TestClock.Noon;
        (await Service.UpdateAsync("fresh-web", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now.AddDays(1))), "tests")).Ok();

        var deploy = await Get<DeployService>().DeployAsync("fresh-svc", new DeployRequest("vm1", "fresh-web", "Small", "West US"), "tests");

        Assert.Null(deploy.Ok().Warnings);
        await this.WaitForSuccessAsync(deploy.Ok().Id);
    }
}
