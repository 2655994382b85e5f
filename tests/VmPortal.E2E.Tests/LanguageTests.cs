using Microsoft.Playwright;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The portal speaks the browser's language on the first visit (any simplified-Chinese tag reads as 简体中文); the switch in
/// the user menu changes it, the browser keeps the choice, and a signed-in user's choice follows them to another browser.
/// </summary>
public sealed class LanguageTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>
{
    [Theory]
    [InlineData("zh-CN")]
    [InlineData("zh-Hans")]
    [InlineData("zh-SG")]
    public async Task A_browser_that_asks_for_simplified_Chinese_gets_the_portal_in_Chinese(string locale)
    {
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress, locale);

        await page.GotoAsync("/account/login");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await Expect(page.Locator("label[for=username]")).ToHaveTextAsync("用户名");
    }

    [Fact]
    public async Task An_English_browser_gets_English_and_signs_in_to_an_English_portal()
    {
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress, "en-GB");
        await page.SignInAsync(PortalApp.Credentials(PortalRoles.Reader).UserName, PortalApp.Password);
        await page.OpenAsync("/");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Virtual machines" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_switch_in_the_user_menu_changes_the_language_keeps_the_page_and_follows_the_user_to_another_browser()
    {
        // A user of its own: the choice is kept with the account.
        await app.CreateUserAsync("language-switch", PortalRoles.Reader);
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress, "en-US");
        await page.SignInAsync("language-switch", PortalApp.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.OpenAsync("/images");

        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("language-zh-CN").ClickAsync();

        await page.WaitForInteractiveAsync();
        Assert.EndsWith("/images", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "虚拟机" })).ToBeVisibleAsync();

        // The browser keeps it across a reload, whatever its own language.
        await page.OpenAsync("/vms");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        // Another browser, English, signing in as the same user: the account brings the choice along.
        var other = await browser.NewAnonymousPageAsync(app.BaseAddress, "en-US");
        await other.SignInAsync("language-switch", PortalApp.Password);
        await other.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await other.OpenAsync("/");
        await Expect(other.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");

        // And back to English from the menu, now in Chinese.
        await other.GetByTestId("user-menu").ClickAsync();
        await other.GetByTestId("language-en").ClickAsync();
        await other.WaitForInteractiveAsync();
        await Expect(other.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(other.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Virtual machines" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_switch_before_anyone_signs_in()
    {
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress, "en-US");
        await page.GotoAsync("/account/login");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");

        await page.GetByTestId("language-zh-CN").ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await Expect(page.GetByTestId("language-zh-CN")).ToHaveAttributeAsync("aria-current", "true");
        await page.Locator("form.account-form button[type=submit]").ClickAsync();
        await Expect(page.GetByText("请输入用户名。")).ToBeVisibleAsync();
    }
}
