using Microsoft.Playwright;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The theme follows the system's light or dark setting until the user picks one; the pick outlives a reload and, for a
/// signed-in user, follows them to another browser.
/// </summary>
public sealed class ThemeTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_dark_system_opens_the_portal_dark_and_a_change_of_the_system_setting_follows_live()
    {
        var page = await browser.NewPageAsync(app);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.OpenAsync("/");
        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "light");
    }

    [Fact]
    public async Task The_users_choice_is_kept_across_a_reload_and_wins_over_the_system()
    {
        // A user of its own: the choice is kept with the account, and the other tests' users must have made none.
        await app.CreateUserAsync("theme-reload", PortalRoles.Reader);
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress);
        await page.SignInAsync("theme-reload", PortalApp.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.OpenAsync("/");
        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "light");

        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.OpenAsync("/vms");

        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");
    }

    [Fact]
    public async Task A_signed_in_users_choice_follows_them_to_another_browser()
    {
        // The operator, so the admin's own choice in the other tests of this class stays apart.
        var first = await browser.NewPageAsync(app, PortalRoles.Operator);
        await first.OpenAsync("/");
        await Expect(first.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "light");
        await first.GetByTestId("theme-toggle").ClickAsync();
        await Expect(first.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");

        // A fresh browser context: nothing in its storage, a light system.
        var second = await browser.NewPageAsync(app, PortalRoles.Operator);
        await second.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await second.OpenAsync("/vms");
        await Expect(second.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");

        // Another user in a third browser is untouched by it.
        var reader = await browser.NewPageAsync(app, PortalRoles.Reader);
        await reader.OpenAsync("/");
        await Expect(reader.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "light");
    }
}
