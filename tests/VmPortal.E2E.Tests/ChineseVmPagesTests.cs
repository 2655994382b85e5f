using Microsoft.Playwright;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The VM pages, the capture wizard and the disk list for a Chinese browser: their headings, columns, dialogs and warnings
/// read in 简体中文, and screenshots of each (1440 and 390 px, light and dark) show whether the Chinese fits.
/// </summary>
public sealed class ChineseVmPagesTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task The_vm_list_a_vms_page_with_its_dialogs_and_the_disk_list_read_in_Chinese()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Admin, "zh-CN");

        await page.OpenAsync("/vms");
        await page.WaitUntilShownAsync("vm-status");
        await Expect(page.Locator("h1")).ToHaveTextAsync("虚拟机");
        await Expect(page.GetByTestId("create-vm")).ToHaveTextAsync("创建虚拟机");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "云服务" })).ToBeVisibleAsync();
        await Expect(page.GetByPlaceholder("搜索名称或云服务")).ToBeVisibleAsync();
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-vm-list");
        await Shots.TakeAsync(page, "zh-vm-list");

        await page.OpenAsync("/vms/contoso-web/web01");
        await Expect(page.Locator("h1")).ToHaveTextAsync("web01");
        await Expect(page.GetByTestId("size-card").Locator("h6")).ToHaveTextAsync("大小");
        await Expect(page.GetByTestId("guest-card").Locator("h6")).ToHaveTextAsync("来宾");
        await Expect(page.GetByTestId("network-card").Locator("h6")).ToHaveTextAsync("网络");
        await Expect(page.GetByTestId("disks-card").Locator("h6")).ToHaveTextAsync("磁盘");
        await Expect(page.GetByTestId("lineage")).ToContainTextAsync("部署自映像");
        await Expect(page.GetByTestId("capture-vm")).ToHaveTextAsync("捕捉");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-vm-details");
        await Shots.TakeAsync(page, "zh-vm-details");

        await page.GetByRole(AriaRole.Button, new() { Name = "附加磁盘" }).ClickAsync();
        var attach = page.GetByRole(AriaRole.Dialog, new() { Name = "将磁盘附加到 web01" });
        await Expect(attach).ToContainTextAsync("新的空磁盘");
        await Expect(attach.GetByRole(AriaRole.Button, new() { Name = "附加", Exact = true })).ToBeVisibleAsync();
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-vm-attach-disk");
        await Shots.TakeAsync(page, "zh-vm-attach-disk");
        await attach.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(attach).ToBeHiddenAsync();

        await page.GetByTestId("vm-actions").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "删除…" }).ClickAsync();
        var delete = page.GetByRole(AriaRole.Dialog, new() { Name = "删除 web01？" });
        await Expect(delete).ToContainTextAsync("云服务 contoso-web 中的 web01 将被关闭并移除。");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-vm-delete");
        await Shots.TakeAsync(page, "zh-vm-delete");
        await delete.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Expect(delete).ToBeHiddenAsync();

        await page.OpenAsync("/disks");
        await page.WaitUntilShownAsync("disk-table");
        await Expect(page.Locator("h1")).ToHaveTextAsync("磁盘");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "主机缓存" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("disk-table")).ToContainTextAsync("只读");
        await Shots.TakeAsync(page, "zh-disks");
    }

    [Fact]
    public async Task The_capture_wizard_names_its_steps_and_warns_in_Chinese()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Admin, "zh-CN");
        await page.OpenAsync("/vms/contoso-web/web01/capture");
        await Expect(page.Locator("h1")).ToHaveTextAsync("捕捉 web01");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "专用化" })).ToBeVisibleAsync();
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-capture-kind");
        await Shots.TakeAsync(page, "zh-capture-kind");

        await page.Locator("[data-testid=kind-card][data-kind=Specialized]").ClickAsync();
        await page.GetByTestId("next").ClickAsync();
        var warnings = page.GetByTestId("warning");
        await Expect(warnings).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(warnings.First).ToContainTextAsync("不会捕捉内存状态：捕捉不是备份。");
        await Expect(warnings.First.GetByText("我了解")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("prepare-hint")).ToHaveTextAsync("请在每条警告上勾选“我了解”以继续。");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-capture-prepare");
        await Shots.TakeAsync(page, "zh-capture-prepare");

        for (var i = 0; i < 3; i++) await warnings.Nth(i).GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByTestId("next").ClickAsync();
        await page.GetByLabel("映像名称").FillAsync("web01-zh");
        await Expect(page.GetByTestId("blob-name").First).ToContainTextAsync("web01-zh-os-");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-capture-details", "web01-zh");
        await Shots.TakeAsync(page, "zh-capture-details");

        await page.GetByTestId("next").ClickAsync();
        await Expect(page.GetByTestId("consequence").First).ToHaveTextAsync("“web01”保持运行，并完全保持原样。");
        await ChineseText.AssertNoEnglishAsync(page, app, "zh-capture-review", "web01-zh");
        await Shots.TakeAsync(page, "zh-capture-review");
    }
}
