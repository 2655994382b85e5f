using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Images;
using static VmPortal.Web.Tests.ImageFixtures;
using static VmPortal.Web.Tests.Lifecycle.LifecycleFixtures;

namespace VmPortal.Web.Tests.Images;

/// <summary>
/// The gallery and an image's page in 简体中文: filters, badges, counts, the empty state and the lifecycle card read in the
/// glossary's words, while names, dates and the URL's codes stay as they are.
/// </summary>
public sealed class ChineseImagePagesTests() : PortalBunitContext(new TestClock())
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await AddAsync(Database,
            Image("ubuntu-base", ImageKind.OSImage, OsType.Linux, OsState.Generalized, family: "ubuntu"),
            Image("web-2025", ImageKind.VMImage, OsType.Windows, OsState.Specialized, dataDisks: 2)
                .Lifecycle(Noon.AddDays(-3), Noon.AddDays(30), "web-2026").Protect(),
            Image("web-2026", ImageKind.VMImage, OsType.Windows, OsState.Generalized),
            Image("web-2024", ImageKind.VMImage, OsType.Windows, OsState.Generalized).Lifecycle(Noon.AddDays(-60), Noon.AddDays(-1), "web-2026"));
    }

    [Fact]
    public async Task The_gallery_shows_its_filters_badges_count_and_empty_state_in_Chinese()
    {
        using var chinese = InCulture.Chinese();
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("images");

        var page = Render<ImageGallery>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid=image-card]").Count));
        Assert.Equal("映像", page.Find("h1").TextContent.Trim());
        Assert.Equal("4 个映像", page.Find("[data-testid=gallery-count]").TextContent.Trim());
        var toolbar = page.FindComponent<GalleryToolbar>();
        var labels = toolbar.FindAll("label").Select(l => l.TextContent.Trim()).ToList();
        Assert.All(["类型", "操作系统", "操作系统状态", "位置", "映像系列", "标记", "所有版本", "显示已删除"], label => Assert.Contains(label, labels));
        Assert.Equal("搜索名称、显示名称或说明", toolbar.Find("input[placeholder]").GetAttribute("placeholder"));
        Assert.Equal("操作系统映像", Badge(page, "ubuntu-base", "badge-kind"));
        Assert.Equal("通用化", Badge(page, "ubuntu-base", "badge-state"));
        Assert.Equal("虚拟机映像", Badge(page, "web-2025", "badge-kind"));
        Assert.Equal("专用化", Badge(page, "web-2025", "badge-state"));
        Assert.Equal("用户", Badge(page, "web-2025", "badge-category"));
        Assert.Equal("受保护", Badge(page, "web-2025", "badge-protected"));
        Assert.Equal($"自 {Day(-3)} 起已弃用 → web-2026", Badge(page, "web-2025", "badge-lifecycle"));
        Assert.Equal("已过时 → web-2026", Badge(page, "web-2024", "badge-lifecycle"));
        Assert.Contains("3 个磁盘 · 90 GB", Card(page, "web-2025").TextContent);

        await page.InvokeAsync(() => toolbar.Instance.FilterChanged.InvokeAsync(new GalleryFilter(Search: "nothing-like-this")));

        page.WaitForAssertion(() => Assert.Contains("没有符合这些筛选条件的映像", page.Find("[data-testid=empty-state]").TextContent));
        Assert.Contains("请清除筛选条件", page.Find("[data-testid=empty-state]").TextContent);
        Assert.EndsWith("images?search=nothing-like-this", navigation.Uri); // the URL keeps its codes
    }

    [Fact]
    public void The_image_page_says_protection_deprecation_and_obsolescence_in_Chinese()
    {
        using var chinese = InCulture.Chinese();

        var deprecated = Open("web-2025");

        var card = deprecated.Find("[data-testid=image-lifecycle]");
        Assert.Contains("保护和生命周期", card.TextContent);
        Assert.Contains("关闭此项之前，无法删除或永久删除它。", card.TextContent);
        Assert.Equal($"自 {Day(-3)} 起已弃用，将于 {Day(30)} 过时。", deprecated.Find("[data-testid=lifecycle-schedule]").TextContent.Trim());
        Assert.Equal("替代映像： web-2026", Squeeze(deprecated.Find("[data-testid=lifecycle-replacement]").TextContent));
        Assert.Equal("此映像受保护；请先在此页面上清除保护，再删除它。", deprecated.FindComponent<MudTooltip>().Instance.Text);
        Assert.Equal("删除", deprecated.Find("[data-testid=image-delete]").TextContent.Trim());

        var obsolete = Open("web-2024");
        Assert.Equal($"自 {Day(-60)} 起已弃用，自 {Day(-1)} 起已过时。", obsolete.Find("[data-testid=lifecycle-schedule]").TextContent.Trim());
        Assert.Contains("可以删除（移到回收站）和永久删除。", obsolete.Find("[data-testid=image-lifecycle]").TextContent);

        var active = Open("web-2026");
        Assert.Equal("未计划弃用。", active.Find("[data-testid=lifecycle-schedule]").TextContent.Trim());
    }

    private IRenderedComponent<ImageDetailsPage> Open(string name)
    {
        var page = Render<ImageDetailsPage>(p => p.Add(x => x.Name, name));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=image-lifecycle]")));
        return page;
    }

    private static AngleSharp.Dom.IElement Card(IRenderedComponent<ImageGallery> page, string name) =>
        page.Find($"[data-testid=image-card][data-name='{name}']");

    private static string Badge(IRenderedComponent<ImageGallery> page, string name, string badge) =>
        Card(page, name).QuerySelector($"[data-testid={badge}]")!.TextContent.Trim();

    private static string Day(int days) => Noon.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Squeeze(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
