using Microsoft.Playwright;
using VmPortal.Core.Tests.Infrastructure;

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

    public static Task WaitForInteractiveAsync(this IPage page) =>
        page.Locator("#portal-ready[data-ready=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
}
