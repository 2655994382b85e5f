using Microsoft.Playwright;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The portal's frame and its overview pages in 简体中文, opened by a Chinese browser: each page's title in Chinese
/// (<see cref="ChineseTextTests"/> reads every word of every page and takes the screenshots).
/// </summary>
public sealed class ChinesePortalTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>
{
    public static TheoryData<string, string, string> Pages => new()
    {
        { "/", "仪表板", "recent-operations" },
        { "/operations", "操作", "operation-grid" },
        { "/cloud-services", "云服务", "" },
        { "/storage", "存储", "" },
        { "/admin/users", "用户", "users" },
        { "/admin/audit", "审核日志", "audit" },
        { "/admin/storage-health", "存储运行状况", "health-summary" },
        { "/account/tokens", "API 令牌", "tokens" },
        { "/deploy", "部署虚拟机", "image-picker" },
        { "/deploy?image=Ubuntu-Server-14.04-LTS", "部署虚拟机", "network-section" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Each_overview_page_reads_in_Chinese(string path, string title, string shownPart)
    {
        var page = await browser.SignedInPageAsync(app, PortalRoles.Admin, "zh-CN");

        await page.OpenAsync(path);
        // A list with nothing yet (this portal has no cloud service) shows its empty state instead of rows.
        await (shownPart.Length > 0 ? page.GetByTestId(shownPart) : page.Locator("[data-testid=empty-state], .mud-table-body .mud-table-row")).First.WaitForAsync();

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("#page-title")).ToHaveTextAsync(title);
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "虚拟机" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_user_menu_and_notifications_read_in_Chinese()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Admin, "zh-CN");
        await page.OpenAsync("/");

        await page.GetByTestId("user-menu").ClickAsync();

        await Expect(page.GetByText("API 令牌")).ToBeVisibleAsync();
        await Expect(page.GetByText("更改密码")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("sign-out")).ToHaveTextAsync("注销");
        await Expect(page.GetByTestId("language-zh-CN")).ToHaveAttributeAsync("aria-current", "true");
        await page.ScreenshotAsync("zh-user-menu");
    }

    [Fact]
    public async Task The_sign_in_page_and_a_missing_page_read_in_Chinese()
    {
        var anonymous = await browser.NewAnonymousPageAsync(app.BaseAddress, "zh-CN");
        await anonymous.GotoAsync("/account/login");
        await Expect(anonymous.Locator("h1")).ToHaveTextAsync("登录");
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await anonymous.SetViewportSizeAsync(width, height);
            await anonymous.ScreenshotAsync($"zh-sign-in-{width}");
        }

        var page = await browser.NewPageAsync(app, PortalRoles.Reader, "zh-CN");
        await page.GotoAsync("/no-such-page");
        await Expect(page.GetByText("此地址没有内容。")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_refused_password_change_says_why_in_Chinese()
    {
        await app.CreateUserAsync("zh-password", PortalRoles.Reader);
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress, "zh-CN");
        await page.SignInAsync("zh-password", PortalApp.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync("/account/password");
        await Expect(page.Locator("h1")).ToHaveTextAsync("更改密码");

        await page.Locator("#current").FillAsync("Not-the-password-1");
        await page.Locator("#new").FillAsync("An0ther-Passw0rd!");
        await page.Locator("#confirm").FillAsync("An0ther-Passw0rd!");
        await page.Locator("form.account-form button[type=submit]").ClickAsync();

        await Expect(page.GetByTestId("password-message")).ToHaveTextAsync("密码不正确。");
    }
}
