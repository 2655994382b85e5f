using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.CloudServices;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;
using VmPortal.Core.Networks;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Deploy;
using VmPortal.Web.Tests.Capture;

namespace VmPortal.Web.Tests.Deploy;

/// <summary>The deploy page over the real services it uses: images, cloud services, networks and the deploy itself.</summary>
public abstract class HostedDeployContext(AzuriteFixture azurite) : HostedBunitContext(azurite)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Forward<ImageQueries>();
        Forward<ImageService>();
        Forward<ImageReplicas>(); // the page's ImageActions replicates images too
        Forward<DeployService>();
        Forward<CloudServiceService>();
        Forward<VirtualNetworkService>();
    }

    /// <summary>The deploy form for <paramref name="image"/>, once it shows.</summary>
    protected IRenderedComponent<DeployPage> OpenDeploy(string image)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"deploy?image={image}");
        var page = Render<DeployPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=deploy-form]")));
        return page;
    }
}
