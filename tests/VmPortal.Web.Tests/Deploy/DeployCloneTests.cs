using Microsoft.EntityFrameworkCore;
using MudBlazor;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Networks;
using VmPortal.Testing;

namespace VmPortal.Web.Tests.Deploy;

/// <summary>
/// R26 on the deploy form over the real services: a specialized snapshot of a running Windows VM, deployed into the
/// virtual network where that VM still runs, is refused until the user acknowledges the clone — and then deploys.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class DeployCloneTests(AzuriteFixture azurite) : HostedDeployContext(azurite)
{
    [Fact]
    public async Task A_clone_refusal_offers_the_acknowledgement_and_the_resubmit_carries_it()
    {
        var network = await Host.Get<VirtualNetworkService>().CreateAsync(
            new CreateVirtualNetworkRequest("contoso-vnet", "West US", "10.1.0.0/16", [new SubnetRequest("frontend", "10.1.1.0/24")]), "tests");
        Assert.True(network.Succeeded, network.Error?.Message);
        var source = await Host.AddVmAsync("web1", OsType.Windows, service: "contoso-web"); // runs in contoso-vnet
        var capture = await Host.Get<CaptureService>().CaptureAsync("contoso-web", source.Name, new CaptureRequest("Specialized", "web1-snap"), "operator");
        Assert.True(capture.Succeeded, capture.Error?.Message);
        await Host.WaitForSuccessAsync(capture.Value.Id);

        var page = OpenDeploy("web1-snap");
        page.Find("[data-testid=cloud-service-section] input[type=text]").Input("twin-svc");
        page.Find("[data-testid=vm-section] input[type=text]").Input("twin1");
        var networks = page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Virtual network");
        page.WaitForAssertion(() => Assert.False(networks.Instance.Disabled));
        await page.InvokeAsync(() => networks.Instance.ValueChanged.InvokeAsync("contoso-vnet"));
        Assert.Empty(page.FindAll("[data-testid=clone-acknowledgement]"));

        page.Find("[data-testid=deploy-review-button]").Click();

        page.WaitForAssertion(() => Assert.Contains("same Windows machine id", page.Find("[data-testid=clone-acknowledgement]").TextContent));
        await using (var db = Host.Db())
            Assert.False(await db.VirtualMachines.AnyAsync(v => v.Name == "twin1"), "a refused deploy created a VM");
        page.Find("[data-testid=clone-acknowledgement] input[type=checkbox]").Change(true);
        page.Find("[data-testid=deploy-review-button]").Click();
        page.WaitForAssertion(() => Assert.Contains("contoso-vnet", page.Find("[data-testid=deploy-review-facts]").TextContent));
        page.Find("[data-testid=deploy-submit]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=deploy-progress]")));
        await using var after = Host.Db();
        var twin = await after.VirtualMachines.AsNoTracking().Include(v => v.CloudService).SingleAsync(v => v.Name == "twin1");
        Assert.Equal(("twin-svc", "contoso-vnet"), (twin.CloudService!.Name, twin.VirtualNetworkName));
    }
}
