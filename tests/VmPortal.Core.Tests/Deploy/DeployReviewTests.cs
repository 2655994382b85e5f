using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Deploy;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Deploy;

/// <summary>
/// The deploy form's review: every check the deploy makes, answered with what the deploy would make — each VM's public ports
/// included — and nothing made, queued or audited.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class DeployReviewTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private const string Ubuntu = "Ubuntu-Server-14.04-LTS";
    private static readonly ProvisioningData Linux = new("web", "opsadmin", "Portal-Deploy-Pa55!");

    private DeployService Deploys => Get<DeployService>();

    [Fact]
    public async Task A_review_says_what_the_deploy_then_makes_and_makes_nothing_itself()
    {
        var existing = await AddVmAsync("app1", service: "review-svc"); // holds SSH on 22
        Assert.Equal([22], existing.Endpoints.Select(e => e.PublicPort));
        var request = new DeployRequest("web", Ubuntu, "Small", Provisioning: Linux, Count: 2);
        await using (var before = Db()) Assert.Equal(0, await before.Operations.CountAsync());
        int audited;
        await using (var before = Db()) audited = await before.AuditEntries.CountAsync();

        var review = await Deploys.ReviewAsync("review-svc", request, CloudServiceChoice.CreateOrUse);

        Assert.True(review.Succeeded, review.Error?.Message);
        Assert.Equal(("review-svc", false, "West US", "review-svc.cloudapp.net"), (review.Value.ServiceName, review.Value.NewService, review.Value.Location, review.Value.DnsName));
        Assert.Equal([("web1", "web1", 55001), ("web2", "web2", 55002)],
            review.Value.Vms.Select(v => (v.Name, v.ComputerName!, v.Endpoints.Single().PublicPort)));
        await using (var after = Db())
        {
            Assert.Equal(0, await after.Operations.CountAsync());
            Assert.Equal(audited, await after.AuditEntries.CountAsync());
            Assert.Equal(1, await after.VirtualMachines.CountAsync(v => v.CloudService!.Name == "review-svc"));
        }

        var deploy = await Deploys.DeployAsync("review-svc", request, "ops");
        Assert.True(deploy.Succeeded, deploy.Error?.Message);
        await using var db = Db();
        var made = await db.VirtualMachines.AsNoTracking().Where(v => v.CloudService!.Name == "review-svc" && v.Name != "app1").OrderBy(v => v.Name)
            .Select(v => new { v.Name, v.Endpoints }).ToListAsync();
        Assert.Equal(review.Value.Vms.Select(v => (v.Name, v.Endpoints.Single().PublicPort)), made.Select(v => (v.Name, v.Endpoints.Single().PublicPort)));
        await this.WaitForSuccessAsync(deploy.Value.Id);
    }

    [Fact]
    public async Task A_review_refuses_as_the_deploy_would_naming_the_field()
    {
        await AddVmAsync("app1", service: "taken-port-svc");
        var request = new DeployRequest("web", Ubuntu, "Small", Provisioning: Linux,
            Network: new NetworkConfiguration(Endpoints: [new EndpointRequest("SSH", "tcp", 22, 22)]));

        var review = await Deploys.ReviewAsync("taken-port-svc", request, CloudServiceChoice.CreateOrUse);

        Assert.False(review.Succeeded);
        Assert.Equal((ErrorCodes.NameConflict, "network.endpoints"), (review.Error.Code, review.Error.Field));
        Assert.Contains("Public port 22 is already used", review.Error.Message);
    }
}
