using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Deploy;
using VmPortal.Web.Components.Pages.Images;
using static VmPortal.Web.Tests.ImageFixtures;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>
/// Families on the pages: the gallery shows a family once, as its latest version, with its other versions a click away; the deploy
/// form deploys a version or "always the latest" of its family, which the request then names instead of the image.
/// </summary>
public sealed class FamilyViewsTests() : PortalBunitContext(new TestClock())
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database,
            Versioned(Image("web-1", ImageKind.VMImage, OsType.Linux, OsState.Generalized, family: "web"), "1.9.0"),
            Versioned(Image("web-2", ImageKind.VMImage, OsType.Linux, OsState.Generalized, family: "web"), "1.10.0"),
            Versioned(Image("web-3", ImageKind.VMImage, OsType.Linux, OsState.Generalized, family: "web"), "2.0.0", excludeFromLatest: true),
            Image("db-2026", ImageKind.VMImage, OsType.Linux, OsState.Generalized));
    }

    [Fact]
    public async Task The_gallery_shows_a_family_once_as_its_latest_version_and_all_versions_on_request()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("images");
        var page = Render<ImageGallery>();

        page.WaitForAssertion(() => Assert.Equal(["db-2026", "web-2"], Cards(page)));
        var line = page.Find("[data-name=web-2] [data-testid=family-line]");
        Assert.Contains("Family web · version 1.10.0", line.TextContent);
        Assert.EndsWith("images?family=web", page.Find("[data-name=web-2] [data-testid=family-versions]").GetAttribute("href"));
        Assert.Contains("All 3 versions", line.TextContent);
        Assert.Contains("an image family shows as its latest version", page.Find("[data-testid=gallery-count]").TextContent);

        var toolbar = page.FindComponent<GalleryToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(toolbar.Instance.Filter with { AllVersions = true }));
        page.WaitForAssertion(() => Assert.Equal(["db-2026", "web-1", "web-2", "web-3"], Cards(page)));
        Assert.EndsWith("images?versions=all", navigation.Uri);
    }

    [Fact]
    public void A_family_URL_lists_every_version()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("images?family=web");

        var page = Render<ImageGallery>();

        page.WaitForAssertion(() => Assert.Equal(["web-1", "web-2", "web-3"], Cards(page)));
    }

    [Fact]
    public void Deploying_a_family_shows_its_latest_version_and_names_the_family_in_the_request()
    {
        var page = Open("deploy?family=web");

        Assert.Contains("web-2", page.Find("[data-testid=deploy-image]").TextContent);
        Assert.Contains("the latest of web — now web-2 (1.10.0)", Label(page, "family-choice-latest"));
        Assert.NotNull(page.Find("[data-testid=family-choice-note]"));
        var request = page.FindComponent<FamilyChoice>().Instance.Model.ToRequest();
        Assert.Equal((null, "web"), (request.ImageName, request.ImageFamily));
    }

    [Fact]
    public async Task A_version_deploys_as_itself_until_the_user_chooses_the_latest_which_for_an_older_version_opens_the_latest()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = Open("deploy?image=web-1");
        var choice = page.FindComponent<FamilyChoice>();
        Assert.Equal(("web-1", null), (choice.Instance.Model.ToRequest().ImageName, choice.Instance.Model.ToRequest().ImageFamily));
        Assert.Contains("This version: web-1 (1.9.0)", Label(page, "family-choice-this"));

        await page.InvokeAsync(() => page.Find("[data-testid=family-choice-latest]").Click());

        Assert.EndsWith("deploy?family=web", navigation.Uri);
    }

    [Fact]
    public async Task The_latest_version_switches_to_always_latest_in_place_and_back()
    {
        var page = Open("deploy?image=web-2");
        var model = page.FindComponent<FamilyChoice>().Instance.Model;

        await page.InvokeAsync(() => page.Find("[data-testid=family-choice-latest]").Click());
        page.WaitForAssertion(() => Assert.Equal("web", model.ToRequest().ImageFamily));
        Assert.Null(model.ToRequest().ImageName);
        Assert.EndsWith("deploy?image=web-2", Services.GetRequiredService<NavigationManager>().Uri);

        await page.InvokeAsync(() => page.Find("[data-testid=family-choice-this]").Click());
        page.WaitForAssertion(() => Assert.Equal("web-2", model.ToRequest().ImageName));
        Assert.Null(model.ToRequest().ImageFamily);
    }

    private IRenderedComponent<DeployPage> Open(string uri)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        var page = Render<DeployPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=deploy-form]")));
        return page;
    }

    /// <summary>A radio's words: MudRadio puts the test id on its input, inside the label that holds them.</summary>
    private static string Label(IRenderedComponent<DeployPage> page, string testId) =>
        page.Find($"[data-testid={testId}]").Closest("label")!.TextContent;

    private static Image Versioned(Image image, string version, bool excludeFromLatest = false)
    {
        (image.Version, image.ExcludeFromLatest) = (version, excludeFromLatest);
        return image;
    }

    private static List<string?> Cards(IRenderedComponent<ImageGallery> page) =>
        page.FindAll("[data-testid=image-card]").Select(c => c.GetAttribute("data-name")).ToList();
}
