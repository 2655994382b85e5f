using Microsoft.Playwright;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

public sealed class ShellJourneyTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_user_navigates_every_area_from_the_drawer()
    {
        var page = await browser.NewPageAsync(app);
        await page.OpenAsync("/");
        await Expect(page.Locator("#page-title")).ToHaveTextAsync("Dashboard");
        // The embedded default hosts one storage account per location.
        var storageCard = page.GetByTestId("count-card").Filter(new LocatorFilterOptions { HasText = "Storage accounts" });
        await Expect(storageCard.GetByTestId("count")).ToHaveTextAsync("6");
        await page.ScreenshotAsync("shell-dashboard-light");

        var areas = new (string Link, string Path, string Title)[]
        {
            ("Virtual machines", "/vms", "Virtual machines"),
            ("Images", "/images", "Images"),
            ("Disks", "/disks", "Disks"),
            ("Cloud services", "/cloud-services", "Cloud services"),
            ("Storage", "/storage", "Storage"),
            ("Operations", "/operations", "Operations"),
            ("Dashboard", "/", "Dashboard"),
        };
        var drawer = page.GetByRole(AriaRole.Navigation, new PageGetByRoleOptions { Name = "Main navigation" });
        foreach (var (link, path, title) in areas)
        {
            await drawer.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = link, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Uri(app.BaseAddress, path).ToString());
            await Expect(page.Locator("#page-title")).ToHaveTextAsync(title);
        }

        await drawer.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Storage", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "vmpwestus", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync("shell-storage");
    }

    [Fact]
    public async Task The_theme_switch_turns_the_portal_dark_and_back()
    {
        var page = await browser.NewPageAsync(app);
        await page.OpenAsync("/");
        var background = () => page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var light = await background();

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Toggle dark theme" }).ClickAsync();
        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "dark");
        var dark = await background();
        Assert.NotEqual(light, dark);
        await page.ScreenshotAsync("shell-dashboard-dark");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Toggle dark theme" }).ClickAsync();
        await Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", "light");
        Assert.Equal(light, await background());
    }
}
