using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Web.Components.Pages.Images;
using static VmPortal.Web.Tests.ImageFixtures;

namespace VmPortal.Web.Tests;

/// <summary>The gallery over the real <see cref="Core.Images.ImageQueries"/>: filters go into the URL and narrow the cards.</summary>
public sealed class ImageGalleryTests : PortalBunitContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database,
            Image("ubuntu-base", ImageKind.OSImage, OsType.Linux, OsState.Generalized, family: "ubuntu"),
            Image("web-2026", ImageKind.VMImage, OsType.Windows, OsState.Specialized, dataDisks: 2, family: "web"),
            Image("db-2026", ImageKind.VMImage, OsType.Windows, OsState.Generalized, dataDisks: 4, family: "db"));
    }

    [Fact]
    public async Task Filters_go_into_the_URL_and_narrow_the_list()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("images");
        var page = Render<ImageGallery>();
        page.WaitForAssertion(() => Assert.Equal(["ubuntu-base", "db-2026", "web-2026"], Cards(page))); // OS images first (R14)

        var toolbar = page.FindComponent<GalleryToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new GalleryFilter(Kind: "VMImage")));
        page.WaitForAssertion(() => Assert.Equal(["db-2026", "web-2026"], Cards(page)));
        Assert.EndsWith("images?kind=VMImage", navigation.Uri);

        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new GalleryFilter(Kind: "VMImage", OsState: "Specialized", View: "list")));
        page.WaitForAssertion(() => Assert.Equal(["web-2026"], page.FindAll("[data-testid=image-row]").Select(r => r.GetAttribute("data-name"))));
        Assert.Contains("kind=VMImage", navigation.Uri);
        Assert.Contains("osState=Specialized", navigation.Uri);
        Assert.Contains("view=list", navigation.Uri);

        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new GalleryFilter(Search: "nothing-like-this")));
        page.WaitForAssertion(() => Assert.Contains("No images match these filters", page.Find("[data-testid=empty-state]").TextContent));
        Assert.EndsWith("images?search=nothing-like-this", navigation.Uri);
    }

    [Fact]
    public void A_shared_URL_opens_the_gallery_already_filtered()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("images?family=web");

        var page = Render<ImageGallery>();

        page.WaitForAssertion(() => Assert.Equal(["web-2026"], Cards(page)));
        Assert.Equal("web", page.FindComponent<GalleryToolbar>().Instance.Filter.Family);
    }

    private static List<string?> Cards(IRenderedComponent<ImageGallery> page) =>
        page.FindAll("[data-testid=image-card]").Select(c => c.GetAttribute("data-name")).ToList();
}
