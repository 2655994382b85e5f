using Microsoft.Playwright;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Infrastructure;

public static class PageExtensions
{
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(RepoRoot.Path, "artifacts", "screenshots")).FullName;

    /// <summary>Navigates and waits for the Blazor circuit, so the first click is not lost.</summary>
    public static async Task OpenAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Fills and posts the sign-in form (a static page: no circuit to wait for).</summary>
    public static async Task SignInAsync(this IPage page, string userName, string password)
    {
        await page.GotoAsync("/account/login");
        // By id, not by label: the form speaks the browser's language.
        await page.Locator("#username").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("form.account-form button[type=submit]").ClickAsync();
        // A browser part's first sign-in pays for the cold start of the portal's pages and of Chromium's renderer while the
        // other part saturates the machine: a full run once took over Playwright's 30 s default there.
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded, new() { Timeout = 90_000 });
    }

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#portal-ready[data-ready=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
}
