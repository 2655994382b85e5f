using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The gallery, an image's page and the Upload VHD dialog in a 简体中文 browser: their headings in Chinese, and screenshots in
/// both themes at 1440 and 390 px to look at for clipped or overflowing Chinese.
/// </summary>
public sealed class ChineseImagePagesTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>, IDisposable
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };
    private readonly string _folder = Directory.CreateTempSubdirectory("vmportal-zh-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_gallery_an_image_page_and_the_upload_dialog_read_in_Chinese()
    {
        var name = await ProtectedDeprecatedImageAsync();
        var page = await browser.NewPageAsync(app, PortalRoles.Admin, "zh-CN");

        await page.OpenAsync("/images");
        await Expect(page.Locator("h1")).ToHaveTextAsync("映像");
        var card = page.Locator($"[data-testid=image-card][data-name='{name}']");
        await Expect(card).ToBeVisibleAsync(Patiently);
        await Expect(card.GetByTestId("badge-kind")).ToHaveTextAsync("虚拟机映像");
        await Expect(card.GetByTestId("badge-protected")).ToHaveTextAsync("受保护");
        await Expect(card.GetByTestId("badge-lifecycle")).ToContainTextAsync("起已弃用");
        await Expect(page.GetByTestId("upload-vhd")).ToHaveTextAsync("上传 VHD");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-gallery");
        await Shots.TakeAsync(page, "zh-gallery");

        await page.OpenAsync("/images?view=list");
        await Expect(page.GetByTestId("image-table").Locator("th").Nth(1)).ToHaveTextAsync("映像", new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "zh-gallery-list");

        var deleted = await ImageInTheRecycleBinAsync();
        await page.OpenAsync("/images?deleted=true");
        await Expect(page.Locator($"[data-testid=bin-row][data-name='{deleted}']")).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("bin-restore")).ToHaveTextAsync("还原");
        await Expect(page.GetByTestId("gallery-count")).ToHaveTextAsync("回收站中有 1 个映像");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-recycle-bin");
        await Shots.TakeAsync(page, "zh-recycle-bin");

        await page.OpenAsync($"/images/{name}");
        await Expect(page.GetByTestId("image-disks-card").Locator("h6")).ToHaveTextAsync("磁盘", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("image-replicas").Locator("h6")).ToHaveTextAsync("副本");
        await Expect(page.GetByTestId("image-lifecycle").Locator("h6")).ToHaveTextAsync("保护和生命周期");
        await Expect(page.GetByTestId("image-metadata").Locator("h6")).ToHaveTextAsync("详细信息");
        await Expect(page.GetByTestId("image-lineage").Locator("h6")).ToHaveTextAsync("沿袭");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-image");
        await Shots.TakeAsync(page, "zh-image");

        await page.OpenAsync("/images");
        await page.GetByTestId("upload-vhd").ClickAsync();
        await Expect(page.GetByTestId("vhd-drop")).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("vhd-pick")).ToHaveTextAsync("选择文件");
        await Expect(page.GetByTestId("upload-close")).ToHaveTextAsync("关闭");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-upload-vhd");
        await Shots.TakeAsync(page, "zh-upload-vhd");

        await page.GetByTestId("vhd-file").SetInputFilesAsync(SparseVhdFile.Write(Path.Combine(_folder, "zh-upload.vhd"), 8 * VhdFooter.MiB, []));
        await Expect(page.GetByTestId("upload-start")).ToHaveTextAsync("上传", new() { Timeout = 30_000 });
        await page.GetByTestId("upload-start").ClickAsync();
        await Expect(page.GetByTestId("upload-done")).ToContainTextAsync("现在注册它", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("register-submit")).ToHaveTextAsync("注册");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-upload-register");
        await Shots.TakeAsync(page, "zh-upload-register");
    }

    /// <summary>A VM image with a data disk, in a family, tagged, protected and deprecated since yesterday: every badge shows.</summary>
    private async Task<string> ProtectedDeprecatedImageAsync()
    {
        var name = ApiClient.UniqueName("zh");
        var west = app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "West US");
        var os = await TestVhds.OsDiskAsync(west, OsType.Windows, generalized: true);
        var data = await TestVhds.DataDiskAsync(west);
        (await app.Services.GetRequiredService<ImageRegistration>().RegisterVmImageAsync(new RegisterVmImageRequest(name, "Web tier nightly",
            new OsDiskRegistration(os.AbsoluteUri, "Windows", "Generalized"), [new DataDiskRegistration(data.AbsoluteUri, 0)],
            Description: "IIS with the web tier, built every night.", ImageFamily: "web-tier", Version: "1.0.0"), "tests")).Ok();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        (await app.Services.GetRequiredService<ImageService>().UpdateAsync(name, new ImageUpdate(
            Protected: true, Lifecycle: new ImageLifecycleUpdate(now.AddDays(-1), now.AddDays(30)),
            Tags: new Dictionary<string, string> { ["env"] = "prod" }), "tests")).Ok();
        return name;
    }

    private async Task<string> ImageInTheRecycleBinAsync()
    {
        var name = ApiClient.UniqueName("zh-bin");
        var west = app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "West US");
        var os = await TestVhds.OsDiskAsync(west, OsType.Linux, generalized: true);
        (await app.Services.GetRequiredService<ImageRegistration>().RegisterVmImageAsync(new RegisterVmImageRequest(name, "Old build",
            new OsDiskRegistration(os.AbsoluteUri, "Linux", "Generalized"), []), "tests")).Ok();
        (await app.Services.GetRequiredService<ImageService>().DeleteAsync(name, deleteVhds: false, "tests")).Ok();
        return name;
    }
}
