using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests;

/// <summary>
/// Every main page passes axe-core's WCAG 2 A and AA rules without a serious or critical violation, in the light and the dark
/// theme (the system's setting, which the portal follows): text contrast, named controls and progress bars, one main landmark, no
/// interactive control inside another.
/// </summary>
public sealed class AccessibilityTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    [Theory]
    [MemberData(nameof(MainPages.All), MemberType = typeof(MainPages))]
    public async Task The_page_has_no_serious_accessibility_violation(string path, string shownPart)
    {
        foreach (var dark in new[] { false, true })
            await CheckAsync(path, shownPart, dark);
    }

    private async Task CheckAsync(string path, string shownPart, bool dark)
    {
        var page = await browser.SignedInPageAsync(app);
        if (dark) await page.EmulateMediaAsync(new() { ColorScheme = Microsoft.Playwright.ColorScheme.Dark });
        await page.OpenAsync(path);
        await page.WaitUntilShownAsync(shownPart);
        // The theme checked is the one meant: a choice kept with the user's account would win over the system's setting.
        await Microsoft.Playwright.Assertions.Expect(page.Locator(".portal-main")).ToHaveAttributeAsync("data-theme", dark ? "dark" : "light");

        var results = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });

        // Serious and critical ones, and the page's main landmark (moderate for axe, but screen readers jump to it).
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical" || v.Id == "landmark-one-main").ToList();
        Assert.True(serious.Count == 0, $"{path} ({(dark ? "dark" : "light")}): {serious.Count} serious violation(s):\n" + string.Join("\n", serious.Select(v =>
            $"- {v.Id} ({v.Impact}): {v.Help} — {v.Nodes.Length} element(s), e.g. {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html.Length > 160 ? n.Html[..160] + "…" : n.Html))}")));
    }
}
