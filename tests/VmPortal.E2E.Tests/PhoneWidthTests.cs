using System.Text.Json;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests;

/// <summary>On a phone (390 px) no main page scrolls sideways: every row of a form or card fits the screen's width.</summary>
public sealed class PhoneWidthTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    private const int PhoneWidth = 390;

    [Theory]
    [MemberData(nameof(MainPages.All), MemberType = typeof(MainPages))]
    public async Task The_page_fits_a_phone_screen(string path, string shownPart)
    {
        var page = await browser.NewPageAsync(app);
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await page.OpenAsync(path);
        await page.WaitUntilShownAsync(shownPart);

        var widest = await page.EvaluateAsync<JsonElement>("""
            () => {
              let widest = { selector: "", right: 0 };
              for (const e of document.querySelectorAll("body *")) {
                const right = e.getBoundingClientRect().right;
                if (right > widest.right) widest = { selector: e.tagName.toLowerCase() + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : ""), right };
              }
              return { ...widest, scrollWidth: document.documentElement.scrollWidth };
            }
            """);
        var width = widest.GetProperty("scrollWidth").GetInt32();
        Assert.True(width <= PhoneWidth,
            $"{path} is {width} px wide on a {PhoneWidth} px screen; the widest element, {widest.GetProperty("selector")}, ends at {widest.GetProperty("right").GetDouble():0} px");
        await Shots.TakeAsync(page, "page-" + Slug(path));
    }

    private static string Slug(string path) =>
        path == "/" ? "dashboard" : new string(path.Trim('/').Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
