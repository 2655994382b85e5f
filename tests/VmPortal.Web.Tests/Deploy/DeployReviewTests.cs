using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VmPortal.Testing;

namespace VmPortal.Web.Tests.Deploy;

/// <summary>
/// The deploy form over the real services: the first click reviews (every check, nothing made), the review shows each VM's
/// public ports before they exist — a bulk deploy's second VM gets SSH on 55001, not the 22 the form shows — and the deploy
/// ends with how to connect to each VM.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class DeployReviewTests(AzuriteFixture azurite) : HostedDeployContext(azurite)
{
    private const string Ubuntu = "Ubuntu-Server-14.04-LTS";

    [Fact]
    public async Task A_bulk_deploy_is_reviewed_with_each_VMs_ports_and_ends_with_the_commands_to_connect()
    {
        var page = OpenDeploy(Ubuntu);
        page.Find("[data-testid=cloud-service-section] input[type=text]").Input("bulk-svc");
        await page.InvokeAsync(() => page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Location").Instance.ValueChanged.InvokeAsync("West US"));
        page.Find("[data-testid=vm-section] input[type=text]").Input("web");
        await page.InvokeAsync(() => page.FindComponents<MudNumericField<int>>().Single(s => s.Instance.Label == "How many").Instance.ValueChanged.InvokeAsync(2));
        string[] values = ["web", "opsadmin", "Portal-Deploy-Pa55!", "Portal-Deploy-Pa55!"];
        for (var i = 0; i < values.Length; i++) page.FindAll("[data-testid=provisioning-section] input")[i].Input(values[i]);

        await page.InvokeAsync(() => page.Find("[data-testid=deploy-review-button]").Click());

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=deploy-review]")));
        Assert.Contains("bulk-svc.cloudapp.net", page.Find("[data-testid=deploy-review-dns]").TextContent);
        Assert.Equal(["web1", "web2"], page.FindAll("[data-testid=deploy-review-vm]").Select(r => r.GetAttribute("data-vm")));
        Assert.Equal(["SSH TCP 22 → 22", "SSH TCP 55001 → 22"], page.FindAll("[data-testid=deploy-review-endpoint]").Select(e => e.TextContent.Trim()));
        Assert.Contains("web2 gets public port 55001 for SSH (local 22)", page.Find("[data-testid=deploy-review-moved]").TextContent);
        Assert.Equal("Deploy 2 VMs", page.Find("[data-testid=deploy-submit]").TextContent.Trim());
        await using (var db = Host.Db())
        {
            Assert.False(await db.CloudServices.AnyAsync(s => s.Name == "bulk-svc"), "the review created the cloud service");
            Assert.False(await db.Operations.AnyAsync(), "the review queued an operation");
        }

        await page.InvokeAsync(() => page.Find("[data-testid=deploy-submit]").Click());

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=connection]").Count), TimeSpan.FromSeconds(60));
        Assert.Equal(["bulk-svc.cloudapp.net:22", "bulk-svc.cloudapp.net:55001"], page.FindAll("[data-testid=connection-address]").Select(e => e.TextContent));
        // A screen reader hears the end in the progress bar's live region.
        Assert.Equal("Deploy: done.", page.Find("[data-testid=operation-progress-live]").TextContent);
        Assert.Equal(["ssh opsadmin@bulk-svc.cloudapp.net", "ssh opsadmin@bulk-svc.cloudapp.net -p 55001"],
            page.FindAll("[data-testid=connection-command]").Select(e => e.TextContent));
        await using var after = Host.Db();
        var ports = await after.VirtualMachines.AsNoTracking().Where(v => v.CloudService!.Name == "bulk-svc").OrderBy(v => v.Name)
            .Select(v => v.Endpoints.Single().PublicPort).ToListAsync();
        Assert.Equal([22, 55001], ports);
    }

    [Fact]
    public async Task Review_on_an_empty_form_sums_up_every_problem_and_asks_the_portal_nothing()
    {
        var page = OpenDeploy(Ubuntu);

        await page.InvokeAsync(() => page.Find("[data-testid=deploy-review-button]").Click());

        var summary = page.Find("[data-testid=deploy-error-summary]");
        Assert.Contains("things to fix before the review", summary.TextContent);
        var lines = summary.QuerySelectorAll("li").Select(l => l.TextContent).ToList();
        // In the order the form asks: cloud service, location, VM, then provisioning.
        Assert.Equal(["Cloud service name", "Location", "VM name", "Host name", "User name", "Password"], lines.Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.Empty(page.FindAll("[data-testid=deploy-review]"));

        // Fixing a field takes its line out of the summary.
        page.Find("[data-testid=vm-section] input[type=text]").Input("web");
        page.WaitForAssertion(() => Assert.DoesNotContain(page.Find("[data-testid=deploy-error-summary]").QuerySelectorAll("li"),
            l => l.TextContent.StartsWith("VM name:", StringComparison.Ordinal)));
    }
}
