using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Deploy;
using static VmPortal.Web.Tests.ImageFixtures;
using static VmPortal.Web.Tests.Lifecycle.LifecycleFixtures;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>The deploy form says before submit what the API would: a deprecated image warns, an obsolete one is refused.</summary>
public sealed class DeployLifecycleBannerTests() : PortalBunitContext(new TestClock())
{

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database,
            Image("web-2026", ImageKind.VMImage, OsType.Windows, OsState.Generalized),
            Image("web-2025", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Lifecycle(Noon.AddDays(-3), Noon.AddDays(30), "web-2026"),
            Image("web-2024", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Lifecycle(Noon.AddDays(-60), Noon.AddDays(-1), "web-2026"),
            Image("web-2027", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Lifecycle(Noon.AddDays(1), replacement: "web-2026"));
    }

    [Fact]
    public void A_deprecated_image_warns_with_the_date_and_the_replacement_and_still_deploys()
    {
        var page = Open("web-2025");

        var banner = page.Find("[data-testid=lifecycle-banner]");
        Assert.Equal("Deprecated", banner.GetAttribute("data-state"));
        Assert.Contains("deprecated since 2031-03-11 and becomes obsolete on 2031-04-13", banner.TextContent);
        Assert.Contains("Use web-2026 instead", banner.TextContent);
        Assert.EndsWith("deploy?image=web-2026", page.Find("[data-testid=deploy-replacement]").GetAttribute("href"));
        Assert.False(page.Find("[data-testid=deploy-review-button]").HasAttribute("disabled"));
    }

    [Fact]
    public void An_obsolete_image_names_its_replacement_and_cannot_be_submitted()
    {
        var page = Open("web-2024");

        var banner = page.Find("[data-testid=lifecycle-banner]");
        Assert.Equal("Obsolete", banner.GetAttribute("data-state"));
        Assert.Contains("obsolete since 2031-03-13 and no longer deploys. Deploy web-2026 instead.", banner.TextContent);
        Assert.True(page.Find("[data-testid=deploy-review-button]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("web-2026")]
    [InlineData("web-2027")] // deprecated only tomorrow
    public void An_active_image_shows_no_banner(string image)
    {
        var page = Open(image);

        Assert.Empty(page.FindAll("[data-testid=lifecycle-banner]"));
        Assert.False(page.Find("[data-testid=deploy-review-button]").HasAttribute("disabled"));
    }

    private IRenderedComponent<DeployPage> Open(string image)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"deploy?image={image}");
        var page = Render<DeployPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=deploy-form]")));
        return page;
    }
}
