using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Images;

/// <summary>
/// Versions and "latest": a version is MAJOR.MINOR.PATCH, unique within its family (in any case); the latest is the newest Ready
/// version by number, then creation time, that is not held back, not obsolete by the clock, not in the recycle bin, and there.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class ImageFamilyTests(AzuriteFixture azurite) : ImageHost(azurite, new TestClock())
{
    private ImageFamilies Families => Get<ImageFamilies>();

    [Fact]
    public async Task A_malformed_version_is_InvalidVersion_wherever_it_is_given_and_nothing_is_made_or_changed()
    {
        await AddVmImageAsync("vers-bad", family: "web", version: "1.0.0");
        var blob = await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: true);

        var patch = await Service.UpdateAsync("vers-bad", new ImageUpdate(Label: "Changed", Version: "1.0"), "tests");
        var register = await Registration.RegisterOsImageAsync(
            new RegisterOsImageRequest("vers-os", MediaLink: blob.AbsoluteUri, Os: "Linux", ImageFamily: "web", Version: "1.02.0"), "tests");
        var capture = await Get<CaptureService>().CaptureAsync("some-svc", "some-vm",
            new CaptureRequest("Specialized", "vers-cap", ImageFamily: "web", Version: "v2"), "tests");

        foreach (var refused in new[] { patch.Error, register.Error, capture.Error })
            Assert.Equal((ErrorCodes.InvalidVersion, "version"), (refused?.Code, refused?.Field));
        var image = (await Queries.GetAsync("vers-bad")).Ok();
        Assert.Equal(("1.0.0", "vers-bad"), (image.Version, image.Label));
        Assert.Equal(ErrorCodes.NotFound, (await Queries.GetAsync("vers-os")).Error?.Code);
        await Get<VmPortal.Core.Disks.DiskStore>().Resolve(blob).Blob.DeleteAsync();
    }

    [Fact]
    public async Task A_version_is_unique_within_its_family_in_any_case_and_the_conflict_names_the_image_holding_it()
    {
        await AddVmImageAsync("web-a", family: "Web", version: "1.2.0");
        await AddVmImageAsync("web-b", family: "web", version: "1.3.0");
        await AddVmImageAsync("db-a", family: "db", version: "1.2.0"); // another family may use it

        var patch = await Service.UpdateAsync("web-b", new ImageUpdate(Label: "Changed", Version: "1.2.0"), "tests");
        var move = await Service.UpdateAsync("db-a", new ImageUpdate(ImageFamily: "WEB"), "tests");
        var blob = await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: true);
        var register = await Registration.RegisterOsImageAsync(
            new RegisterOsImageRequest("web-c", MediaLink: blob.AbsoluteUri, Os: "Linux", ImageFamily: "wEb", Version: "1.3.0"), "tests");

        Assert.Equal((ErrorCodes.VersionConflict, "version"), (patch.Error?.Code, patch.Error?.Field));
        Assert.Contains("'web-a'", patch.Error!.Message);
        Assert.Equal((ErrorCodes.VersionConflict, "imageFamily"), (move.Error?.Code, move.Error?.Field));
        Assert.Contains("'web-a'", move.Error!.Message);
        Assert.Equal(ErrorCodes.VersionConflict, register.Error?.Code);
        Assert.Contains("'web-b'", register.Error!.Message);
        var b = (await Queries.GetAsync("web-b")).Ok();
        Assert.Equal(("1.3.0", "web-b"), (b.Version, b.Label));
        Assert.Equal("db", (await Queries.GetAsync("db-a")).Ok().ImageFamily);
        // Its own version again is no conflict, and a cleared version frees it for another image.
        Assert.Equal("1.3.0", (await Service.UpdateAsync("web-b", new ImageUpdate(Version: "1.3.0", ImageFamily: "web"), "tests")).Ok().Version);
        Assert.Null((await Service.UpdateAsync("web-a", new ImageUpdate(Version: ""), "tests")).Ok().Version);
        Assert.Equal("1.2.0", (await Service.UpdateAsync("web-b", new ImageUpdate(Version: "1.2.0"), "tests")).Ok().Version);
        await Get<VmPortal.Core.Disks.DiskStore>().Resolve(blob).Blob.DeleteAsync();
    }

    [Fact]
    public async Task A_capture_preview_lists_a_taken_or_malformed_version_among_its_blockers()
    {
        await AddVmImageAsync("prev-1", family: "prev", version: "1.0.0");
        await AddVmAsync("prevvm", service: "prev-svc");
        var captures = Get<CaptureService>();

        var taken = await captures.PreviewAsync("prev-svc", "prevvm", new CaptureRequest("Specialized", "prev-2", ImageFamily: "PREV", Version: "1.0.0"));
        var malformed = await captures.PreviewAsync("prev-svc", "prevvm", new CaptureRequest("Specialized", "prev-2", ImageFamily: "prev", Version: "1.0"));
        var free = await captures.PreviewAsync("prev-svc", "prevvm", new CaptureRequest("Specialized", "prev-2", ImageFamily: "prev", Version: "1.1.0"));

        Assert.Contains(taken.Ok().Blockers, b => b.Code == ErrorCodes.VersionConflict && b.Message.Contains("'prev-1'"));
        Assert.Contains(malformed.Ok().Blockers, b => b.Code == ErrorCodes.InvalidVersion);
        Assert.Empty(free.Ok().Blockers);
    }

    [Fact]
    public async Task The_database_refuses_a_second_image_with_the_same_version_in_a_family_whatever_its_case()
    {
        await AddVmImageAsync("race-a", family: "Race", version: "2.0.0");
        await using var db = Db();
        var a = await db.Images.SingleAsync(i => i.Name == "race-a");
        db.Images.Add(new Image
        {
            Name = "race-b", Kind = ImageKind.VMImage, Label = "race-b", Location = "West US", ImageFamily = "RACE", Version = "2.0.0",
            CreatedTime = a.CreatedTime, ModifiedTime = a.ModifiedTime,
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Latest_orders_versions_as_numbers_then_by_creation_and_the_family_list_shows_them_ascending()
    {
        await AddVmImageAsync("num-9", family: "num", version: "1.9.0");
        await AddVmImageAsync("num-10", family: "num", version: "1.10.0");
        await AddVmImageAsync("num-2", family: "num", version: "1.2.0");
        await AddVmImageAsync("num-none", family: "NUM"); // no version: below every versioned image

        Assert.Equal("num-10", (await Families.LatestAsync("num", null)).Ok().Name);
        var family = (await Families.ListAsync(0, 100)).Ok().Items.Single(f => f.Name.Equals("num", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["1.2.0", "1.9.0", "1.10.0"], family.Versions);
        Assert.Equal(("num-10", OsType.Linux), (family.Latest, family.Os));

        // Unversioned images of a family take turns by creation time.
        await AddVmImageAsync("plain-1", family: "plain");
        Clock.Advance(TimeSpan.FromSeconds(1));
        await AddVmImageAsync("plain-2", family: "plain");
        Assert.Equal("plain-2", (await Families.LatestAsync("PLAIN", null)).Ok().Name);
    }

    [Fact]
    public async Task An_image_excluded_from_latest_is_skipped_until_the_flag_is_cleared_and_still_deploys_by_name()
    {
        await AddVmImageAsync("ex-1", family: "ex", version: "1.0.0");
        await AddVmImageAsync("ex-2", family: "ex", version: "2.0.0", excludeFromLatest: true);

        Assert.Equal("ex-1", (await Families.LatestAsync("ex", null)).Ok().Name);
        Assert.True((await Queries.GetAsync("ex-2")).Ok().ExcludeFromLatest);
        var byName = await Get<DeployService>().DeployAsync("ex-svc", new DeployRequest("vm1", "ex-2", "Small", "West US"), "tests");
        await this.WaitForSuccessAsync(byName.Ok().Id);

        (await Service.UpdateAsync("ex-2", new ImageUpdate(ExcludeFromLatest: false), "tests")).Ok();
        Assert.Equal("ex-2", (await Families.LatestAsync("ex", null)).Ok().Name);
    }

    [Fact]
    public async Task An_obsolete_version_is_skipped_once_the_clock_reaches_its_date()
    {
        await AddVmImageAsync("ob-1", family: "ob", version: "1.0.0");
        await AddVmImageAsync("ob-2", family: "ob", version: "2.0.0");
        var now = Clock.GetUtcNow();
        (await Service.UpdateAsync("ob-2", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now.AddHours(1), now.AddDays(1), "ob-1")), "tests")).Ok();

        Assert.Equal("ob-2", (await Families.LatestAsync("ob", null)).Ok().Name);
        Clock.Advance(TimeSpan.FromHours(2)); // deprecated: still the latest
        Assert.Equal("ob-2", (await Families.LatestAsync("ob", null)).Ok().Name);
        Clock.Advance(TimeSpan.FromDays(1)); // obsolete
        Assert.Equal("ob-1", (await Families.LatestAsync("ob", null)).Ok().Name);
        Assert.Equal("ob-1", (await Families.ListAsync(0, 100)).Ok().Items.Single(f => f.Name == "ob").Latest);
    }

    [Fact]
    public async Task A_version_in_the_recycle_bin_is_skipped_and_comes_back_with_a_restore()
    {
        await AddVmImageAsync("bin-1", family: "bin", version: "1.0.0");
        await AddVmImageAsync("bin-2", family: "bin", version: "1.1.0");

        await this.WaitForSuccessAsync((await Service.DeleteAsync("bin-2", deleteVhds: false, "tests")).Ok().Id);

        Assert.Equal("bin-1", (await Families.LatestAsync("bin", null)).Ok().Name);
        var family = (await Families.ListAsync(0, 100)).Ok().Items.Single(f => f.Name == "bin");
        Assert.Equal(["1.0.0"], family.Versions);
        // In the bin it still holds its version: it may come back.
        var taken = await Service.UpdateAsync("bin-1", new ImageUpdate(Version: "1.1.0"), "tests");
        Assert.Equal(ErrorCodes.VersionConflict, taken.Error?.Code);
        Assert.Contains("recycle bin", taken.Error!.Message);
        (await Service.RestoreAsync("bin-2", "tests")).Ok();
        Assert.Equal("bin-2", (await Families.LatestAsync("bin", null)).Ok().Name);
    }

    [Fact]
    public async Task Latest_in_a_location_is_the_newest_there_and_none_there_is_404_naming_the_latest_elsewhere()
    {
        await AddVmImageAsync("loc-west", family: "loc", version: "1.0.0");
        await AddVmImageAsync("loc-east", family: "loc", version: "1.1.0", account: East);

        Assert.Equal("loc-east", (await Families.LatestAsync("loc", null)).Ok().Name);
        Assert.Equal("loc-west", (await Families.LatestAsync("loc", "west us")).Ok().Name);
        Assert.Equal("loc-east", (await Families.LatestAsync("loc", "East US")).Ok().Name);
        var none = await Families.LatestAsync("loc", "North Europe");
        Assert.Equal(ErrorCodes.NotFound, none.Error?.Code);
        Assert.Contains("'loc-east' in East US", none.Error!.Message);
        Assert.Equal((ErrorCodes.ValidationFailed, "location"), ((await Families.LatestAsync("loc", "Mars")).Error?.Code, (await Families.LatestAsync("loc", "Mars")).Error?.Field));
        Assert.Equal(ErrorCodes.NotFound, (await Families.LatestAsync("no-such-family", null)).Error?.Code);
        // A public image is in each location it has a replica in.
        Assert.Equal("CentOS-6.5", (await Families.LatestAsync("openlogic centos 6", "East US")).Ok().Name);
    }

    [Fact]
    public async Task A_deploy_by_family_whose_every_version_there_is_obsolete_is_refused_as_obsolete_naming_the_replacement()
    {
        await AddOsImageAsync("end-1", family: "end", version: "1.0.0");
        await AddOsImageAsync("end-2", family: "end", version: "2.0.0");
        await AddOsImageAsync("successor", family: "next", version: "1.0.0");
        var now = Clock.GetUtcNow();
        foreach (var name in new[] { "end-1", "end-2" })
            (await Service.UpdateAsync(name, new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now.AddDays(-2), now.AddMinutes(-1), "successor")), "tests")).Ok();

        var deploy = await Get<DeployService>().DeployAsync("end-svc",
            new DeployRequest("web", null, "Small", "West US", Provisioning: new ProvisioningData("web", "azureuser", "Correct-Horse-9"), ImageFamily: "end"), "tests");

        Assert.Equal((ErrorCodes.ImageObsolete, "imageFamily"), (deploy.Error?.Code, deploy.Error?.Field));
        Assert.Contains("'end-2' is obsolete since", deploy.Error!.Message);
        Assert.EndsWith("deploy 'successor' instead.", deploy.Error.Message);
        await using var db = Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == "end-svc"));
        // Asking for the family's latest is not a deploy: there is none to show.
        Assert.Equal(ErrorCodes.NotFound, (await Get<ImageFamilies>().LatestAsync("end", "West US")).Error?.Code);
    }

    [Fact]
    public async Task A_deploy_by_family_gets_the_latest_in_the_cloud_service_location_and_names_it_in_the_operation_and_the_VMs()
    {
        await AddOsImageAsync("dep-1", family: "dep", version: "1.0.0");
        await AddOsImageAsync("dep-2", family: "dep", version: "1.1.0");
        await AddOsImageAsync("dep-east", account: East, family: "dep", version: "9.0.0");
        var now = Clock.GetUtcNow();
        (await Service.UpdateAsync("dep-2", new ImageUpdate(Lifecycle: new ImageLifecycleUpdate(now.AddMinutes(-1), Replacement: "dep-east")), "tests")).Ok();
        var provisioning = new ProvisioningData("web", "azureuser", "Correct-Horse-9");

        var deploy = await Get<DeployService>().DeployAsync("fam-svc",
            new DeployRequest("web", null, "Small", "West US", Provisioning: provisioning, Count: 2, ImageFamily: "DEP"), "tests");

        Assert.Contains("'dep-2' is deprecated", Assert.Single(deploy.Ok().Warnings!));
        var operation = await this.WaitForSuccessAsync(deploy.Ok().Id);
        Assert.Equal("dep-2", operation.ImageName);
        await using var db = Db();
        Assert.Equal(["dep-2", "dep-2"], await db.VirtualMachines.Where(v => v.CloudService!.Name == "fam-svc").Select(v => v.SourceImageName).ToListAsync());
    }

    [Fact]
    public async Task A_deploy_names_an_image_or_a_family_never_both_nor_neither_and_a_family_with_none_there_is_404()
    {
        await AddVmImageAsync("choice-1", family: "choice", version: "1.0.0", account: East);
        var deploys = Get<DeployService>();

        var both = await deploys.DeployAsync("ch-svc", new DeployRequest("vm1", "choice-1", "Small", "East US", ImageFamily: "choice"), "tests");
        var neither = await deploys.DeployAsync("ch-svc", new DeployRequest("vm1", null, "Small", "East US"), "tests");
        var elsewhere = await deploys.DeployAsync("ch-svc", new DeployRequest("vm1", null, "Small", "West US", ImageFamily: "choice"), "tests");
        var blank = await deploys.DeployAsync("ch-svc", new DeployRequest("vm1", null, "Small", "East US", ImageFamily: " "), "tests");

        Assert.Equal((ErrorCodes.ValidationFailed, "imageFamily"), (both.Error?.Code, both.Error?.Field));
        Assert.Equal((ErrorCodes.ValidationFailed, "imageName"), (neither.Error?.Code, neither.Error?.Field));
        Assert.Equal((ErrorCodes.NotFound, "imageFamily"), (elsewhere.Error?.Code, elsewhere.Error?.Field));
        Assert.Contains("'choice-1' in East US", elsewhere.Error!.Message);
        Assert.Equal((ErrorCodes.ValidationFailed, "imageFamily"), (blank.Error?.Code, blank.Error?.Field));
        await using var db = Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == "ch-svc"));
    }
}
