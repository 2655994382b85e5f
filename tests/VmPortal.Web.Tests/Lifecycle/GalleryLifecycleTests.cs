using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Images;
using static VmPortal.Web.Tests.ImageFixtures;
using static VmPortal.Web.Tests.Lifecycle.LifecycleFixtures;

namespace VmPortal.Web.Tests.Lifecycle;

/// <summary>
/// The gallery's lifecycle parts over the real <see cref="Core.Images.ImageQueries"/> and <see cref="Core.Images.ImageService"/>:
/// badges by the test clock, tags and the tag filter in the URL, and the recycle bin with restore and purge.
/// </summary>
public sealed class GalleryLifecycleTests() : PortalBunitContext(new TestClock())
{

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database,
            Image("web-2026", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Tagged(("env", "prod"), ("team", "web")).Protect(),
            Image("web-2025", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Tagged(("env", "test"))
                .Lifecycle(Noon.AddDays(-3), Noon.AddDays(30), "web-2026"),
            Image("web-2024", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Lifecycle(Noon.AddDays(-60), Noon.AddDays(-1), "web-2026"),
            Image("web-2027", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Lifecycle(Noon.AddDays(10)),
            Image("old-build", ImageKind.VMImage, OsType.Linux, OsState.Specialized, dataDisks: 1).InBin(Noon.AddDays(-2)));
    }

    [Fact]
    public void Cards_show_protection_lifecycle_by_the_clock_and_tags()
    {
        var page = Open("images");

        page.WaitForAssertion(() => Assert.Equal(["web-2024", "web-2025", "web-2026", "web-2027"], Cards(page)));
        Assert.NotNull(Card(page, "web-2026").QuerySelector("[data-testid=badge-protected]"));
        Assert.Null(Card(page, "web-2025").QuerySelector("[data-testid=badge-protected]"));
        Assert.Equal("Deprecated since 2031-03-11 → web-2026", Badge(page, "web-2025"));
        Assert.Equal("Obsolete → web-2026", Badge(page, "web-2024"));
        Assert.Null(Card(page, "web-2027").QuerySelector("[data-testid=badge-lifecycle]")); // deprecated only in ten days
        Assert.Equal(["env: prod", "team: web"],
            Card(page, "web-2026").QuerySelectorAll("[data-testid=tag-chip]").Select(c => c.TextContent.Trim()));
        Assert.EndsWith("images?tag=env%3Aprod", Card(page, "web-2026").QuerySelector("[data-testid=tag-chip]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_tag_filter_goes_into_the_URL_like_the_API_and_a_bad_one_says_why()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = Open("images?tag=env:prod");
        page.WaitForAssertion(() => Assert.Equal(["web-2026"], Cards(page)));
        Assert.Equal("env:prod", page.FindComponent<GalleryToolbar>().Instance.Filter.Tag);

        var toolbar = page.FindComponent<GalleryToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new GalleryFilter(Tag: "env")));
        page.WaitForAssertion(() => Assert.Equal(["web-2025", "web-2026"], Cards(page)));
        Assert.EndsWith("images?tag=env", navigation.Uri);

        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new GalleryFilter(Tag: ":prod")));
        page.WaitForAssertion(() => Assert.Contains("A tag key has 1 to 128 characters; this one is empty.", page.Find("[data-testid=gallery-error]").TextContent));
    }

    [Fact]
    public async Task Show_deleted_lists_the_recycle_bin_and_restore_brings_an_image_back()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = Open("images");
        page.WaitForAssertion(() => Assert.Equal(4, Cards(page).Count));

        var toolbar = page.FindComponent<GalleryToolbar>();
        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(toolbar.Instance.Filter with { Deleted = true }));
        page.WaitForAssertion(() => Assert.Equal(["old-build"], BinRows(page)));
        Assert.EndsWith("images?deleted=true", navigation.Uri);
        Assert.Equal(ImageText.Date(Noon.AddDays(-2)), page.Find("[data-testid=bin-deleted]").TextContent.Trim());
        Assert.Equal(ImageText.Date(Noon.AddDays(5)), page.Find("[data-testid=bin-purge-at]").TextContent.Trim());

        await page.InvokeAsync(() => page.Find("[data-testid=bin-restore]").Click());

        page.WaitForAssertion(() => Assert.Contains("The recycle bin is empty", page.Find("[data-testid=empty-state]").TextContent));
        await using var db = Database.CreateDbContext();
        Assert.Null((await db.Images.SingleAsync(i => i.Name == "old-build")).DeletedTime);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Purge_now_asks_first_and_offers_to_delete_the_VHDs(bool deleteVhds)
    {
        var page = Open("images?deleted=true");
        page.WaitForAssertion(() => Assert.Equal(["old-build"], BinRows(page)));
        var dialogs = Render<MudBlazor.MudDialogProvider>();

        await page.InvokeAsync(() => page.Find("[data-testid=bin-purge]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("removed for good", dialogs.Find("[data-testid=purge-image-text]").TextContent));
        await using (var before = Database.CreateDbContext())
            Assert.False(await before.Operations.AnyAsync(o => o.Kind == OperationKinds.PurgeImage), "Nothing is purged before the user confirms.");
        if (deleteVhds) await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=purge-delete-vhds] input, input[data-testid=purge-delete-vhds]").Change(true));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=purge-confirm]").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=purge-image-dialog]")));
        await using var db = Database.CreateDbContext();
        var purge = await db.Operations.SingleAsync(o => o.Kind == OperationKinds.PurgeImage);
        Assert.Equal("old-build", purge.ImageName);
        Assert.Contains($"\"deleteVhds\":{deleteVhds.ToString().ToLowerInvariant()}", purge.Payload, StringComparison.OrdinalIgnoreCase);
    }

    private IRenderedComponent<ImageGallery> Open(string uri)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo(uri);
        return Render<ImageGallery>();
    }

    private static List<string?> Cards(IRenderedComponent<ImageGallery> page) =>
        page.FindAll("[data-testid=image-card]").Select(c => c.GetAttribute("data-name")).ToList();

    private static List<string?> BinRows(IRenderedComponent<ImageGallery> page) =>
        page.FindAll("[data-testid=bin-row]").Select(c => c.GetAttribute("data-name")).ToList();

    private static AngleSharp.Dom.IElement Card(IRenderedComponent<ImageGallery> page, string name) =>
        page.Find($"[data-testid=image-card][data-name={name}]");

    private static string Badge(IRenderedComponent<ImageGallery> page, string name) =>
        Card(page, name).QuerySelector("[data-testid=badge-lifecycle]")!.TextContent.Trim();
}
