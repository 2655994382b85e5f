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
        var page = await browser.SignedInPageAsync(app);
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

    [Fact]
    public async Task A_vm_on_the_phone_list_is_a_short_card_with_its_state_and_where_it_runs()
    {
        var page = await browser.SignedInPageAsync(app);
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await page.OpenAsync("/vms");
        await page.WaitUntilShownAsync("vm-status");

        var row = page.Locator("[data-testid=vm-grid] tbody tr.mud-table-row").Filter(new() { HasText = "sql01" });
        var line = row.GetByTestId("vm-phone-line");
        await Microsoft.Playwright.Assertions.Expect(line).ToBeVisibleAsync();
        await Microsoft.Playwright.Assertions.Expect(line).ToContainTextAsync("contoso-db · ");
        await Microsoft.Playwright.Assertions.Expect(row.GetByTestId("vm-status")).ToBeVisibleAsync();
        // The columns the line sums up are not repeated, one line each, below it.
        await Microsoft.Playwright.Assertions.Expect(row.Locator("td[data-label='Location']")).ToBeHiddenAsync();
        var height = (await row.BoundingBoxAsync())?.Height ?? throw new InvalidOperationException("The row for sql01 is not on the page.");
        Assert.True(height <= 110, $"A VM's card is {height:0} px tall on a phone; it was an 8-line card of ~330 px.");
        // Its actions menu is inside the card, not cut off at the screen's edge.
        var grid = await page.GetByTestId("vm-grid").BoundingBoxAsync() ?? throw new InvalidOperationException("The grid is not on the page.");
        var menu = await row.Locator("td").Last.BoundingBoxAsync() ?? throw new InvalidOperationException("The row has no actions cell.");
        Assert.True(menu.X + menu.Width <= grid.X + grid.Width + 0.5, $"The actions menu ends at {menu.X + menu.Width:0} px, past the card's edge at {grid.X + grid.Width:0} px.");
        await Shots.TakeAsync(page, "vm-list-phone-rows");
    }

    /// <summary>A card's table may be clipped by the card rather than widen the page: every cell must end inside its card.</summary>
    [Fact]
    public async Task The_image_pages_disks_table_shows_every_cell_on_a_phone()
    {
        var page = await browser.SignedInPageAsync(app);
        await page.SetViewportSizeAsync(PhoneWidth, 844);
        await page.OpenAsync("/images/Windows-Server-2008-R2-SP1");
        await page.GetByTestId("image-disk-row").First.WaitForAsync();

        var cut = await page.EvaluateAsync<string[]>("""
            () => {
              const card = document.querySelector("[data-testid=image-disks-card]").getBoundingClientRect();
              return [...document.querySelectorAll("[data-testid=image-disks] th, [data-testid=image-disks] td, [data-testid=image-disks] code")]
                .filter(c => c.getClientRects().length > 0 && c.getBoundingClientRect().right > card.right + 0.5)
                .map(c => c.textContent.trim());
            }
            """);
        Assert.True(cut.Length == 0, $"Cut off at the card's edge: {string.Join(" | ", cut)}");
        Assert.Equal(6, await page.GetByTestId("image-disk-row").First.Locator("td").CountAsync());
    }

    private static string Slug(string path) =>
        path == "/" ? "dashboard" : new string(path.Trim('/').Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
}
