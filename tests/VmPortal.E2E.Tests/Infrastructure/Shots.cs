using Microsoft.Playwright;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>A page as people see it: light and dark, on a desktop (1440 px) and a phone (390 px) — four screenshots, then the page as it was (light).</summary>
public static class Shots
{
    public static async Task TakeAsync(IPage page, string name)
    {
        var size = page.ViewportSize;
        // Light then dark on the desktop, dark then light on the phone: two theme round trips instead of four, ending light.
        foreach (var (width, height, themes) in new[] { (1440, 900, new[] { "", "-dark" }), (390, 844, ["-dark", ""]) })
        {
            await page.SetViewportSizeAsync(width, height);
            for (var i = 0; i < themes.Length; i++)
            {
                if (i > 0)
                {
                    await ToggleThemeAsync(page);
                    // Away from the toggle, so its tooltip is not in the picture, onto the empty stretch of the app bar between
                    // the brand and the icons (at both widths): parked over the page, the mouse left a row's hover shade in it.
                    await page.Mouse.MoveAsync(210, 24);
                }
                await SettledAsync(page, width);
                await page.ScreenshotAsync($"{name}-{width}{themes[i]}");
            }
        }
        await RestoreAsync(page, size);
    }

    /// <summary>
    /// As <see cref="TakeAsync"/>, for a page whose focus is the subject: the theme follows the system's setting (emulated here)
    /// instead of a click on the toggle, which would take the focus.
    /// </summary>
    public static async Task KeepingFocusAsync(IPage page, string name)
    {
        var size = page.ViewportSize;
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            foreach (var dark in new[] { false, true })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = dark ? ColorScheme.Dark : ColorScheme.Light });
                await page.Locator($".portal-main[data-theme={(dark ? "dark" : "light")}]").WaitForAsync();
                await SettledAsync(page, width);
                await page.ScreenshotAsync(dark ? $"{name}-{width}-dark" : $"{name}-{width}");
            }
        }
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
        await page.Locator(".portal-main[data-theme=light]").WaitForAsync();
        await RestoreAsync(page, size);
    }

    /// <summary>
    /// The page as the test left it, and still: the next step must not race the drawer sliding back open or the theme's
    /// re-render (a checkbox clicked during it lost its state in CI).
    /// </summary>
    private static async Task RestoreAsync(IPage page, PageViewportSizeResult? size)
    {
        if (size is null) return;
        await page.SetViewportSizeAsync(size.Width, size.Height);
        await SettledAsync(page, size.Width);
    }

    /// <summary>The theme toggle, clicked; with a dialog open (its overlay takes the pointer) the click is dispatched to it.</summary>
    private static async Task ToggleThemeAsync(IPage page)
    {
        var next = await page.Locator(".portal-main[data-theme=dark]").CountAsync() > 0 ? "light" : "dark";
        var toggle = page.GetByTestId("theme-toggle");
        if (await page.Locator(".mud-dialog-container").CountAsync() > 0) await toggle.DispatchEventAsync("click");
        else await toggle.ClickAsync();
        await page.Locator($".portal-main[data-theme={next}]").WaitForAsync();
    }

    /// <summary>
    /// Once the navigation drawer has followed the width (the responsive drawer is open from 960 px, MudBlazor's Md, and
    /// closed below) and nothing moves any more: the drawer slides over the page while it opens or closes.
    /// </summary>
    private static async Task SettledAsync(IPage page, int width) =>
        await page.WaitForFunctionAsync("""
            wide => (document.querySelector(".mud-drawer--open") !== null) === wide
                 && document.getAnimations().every(a => a.playState !== "running")
            """, width >= 960);
}
