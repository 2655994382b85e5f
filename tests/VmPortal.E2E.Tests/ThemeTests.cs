using Microsoft.Playwright;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>The theme follows the system's light or dark setting until the user picks one, and the pick outlives a reload.</summary>
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
        var page = await browser.NewPageAsync(app);
        await page.OpenAsync("/");
        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "light");

        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.OpenAsync("/vms");

        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");
    }
}
