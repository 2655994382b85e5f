using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests;

/// <summary>
/// Every page of the portal, opened by a Chinese browser over the demo estate, shows no English: each visible text, input
/// hint and accessible name is read, and a Latin-alphabet word in it fails the page unless it is something a Chinese console
/// shows as it is — a name someone typed into the catalogue, a product or protocol name, a unit, an API code. Screenshots
/// of every page (light and dark, 1440 and 390 px) land in artifacts/screenshots as <c>zh-page-…</c>; the English
/// twins of the pages no other test photographs as <c>page-…</c>.
/// </summary>
public sealed partial class ChineseTextTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    /// <summary>The pages, each with what shows it has loaded (empty: its table's first row); {op} is an operation's id.</summary>
    public static TheoryData<string, string> Pages => new()
    {
        { "/", "recent-operations" },
        { "/vms", "vm-status" },
        { "/vms/contoso-db/sql01", "size-card" },
        { "/vms/contoso-web/web01/capture", "next" },
        { "/images", "image-card" },
        { "/images?view=list", "image-table" },
        { "/images/Windows-Server-2008-R2-SP1", "image-lifecycle" },
        { "/deploy", "image-picker" },
        { "/deploy?image=Ubuntu-Server-14.04-LTS", "network-section" },
        { "/disks", "disk-table" },
        { "/cloud-services", "" },
        { "/storage", "" },
        { "/operations", "operation-grid" },
        { "/operations/{op}", "operation-summary" },
        { "/admin/users", "users" },
        { "/admin/audit", "audit" },
        { "/admin/storage-health", "health-summary" },
        { "/account/tokens", "tokens" },
        { "/account/password", "css=form.account-form" },
        { "/not-found", "css=.mud-main-content h4" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_in_Chinese_shows_no_English_words(string path, string shownPart)
    {
        var page = await browser.SignedInPageAsync(app, PortalRoles.Admin, "zh-CN");
        await OpenAsync(page, path, shownPart);
        await page.WaitForTimeoutAsync(300); // what renders after the first data (counts, badges) is on the page too

        await ChineseText.AssertNoEnglishAsync(page, app, path);
        await ShootAsync(page, path, "zh-page-" + Slug(path));
    }

    [Fact]
    public async Task The_sign_in_page_in_Chinese_shows_no_English_words()
    {
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress, "zh-CN");
        await page.GotoAsync("/account/login");
        await page.Locator("#username").WaitForAsync();

        await ChineseText.AssertNoEnglishAsync(page, app, "The sign-in page");
    }

    /// <summary>The pages <see cref="MainPages"/> does not list, in English, for a person to compare with the Chinese ones.</summary>
    [Theory]
    [InlineData("/admin/users", "users")]
    [InlineData("/admin/audit", "audit")]
    [InlineData("/account/password", "css=form.account-form")]
    [InlineData("/operations/{op}", "operation-summary")]
    [InlineData("/images?view=list", "image-table")]
    public async Task The_pages_other_tests_do_not_photograph_in_English(string path, string shownPart)
    {
        var page = await browser.SignedInPageAsync(app, PortalRoles.Admin, "en-US");
        await OpenAsync(page, path, shownPart);

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await ShootAsync(page, path, "page-" + Slug(path));
    }

    /// <summary>The four screenshots; an account page (no drawer, no theme toggle) at both widths in its one theme.</summary>
    private static async Task ShootAsync(IPage page, string path, string name)
    {
        if (!path.StartsWith("/account/password", StringComparison.Ordinal))
        {
            await Shots.TakeAsync(page, name);
            return;
        }
        foreach (var (width, height) in new[] { (1440, 900), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync($"{name}-{width}");
        }
    }

    /// <summary>Opens the page and waits for its shown part: a test id, or (<c>css=</c>) a selector on a page without one.</summary>
    private async Task OpenAsync(IPage page, string path, string shownPart)
    {
        var address = await ResolveAsync(path);
        if (shownPart.StartsWith("css=", StringComparison.Ordinal))
        {
            // The account pages are static (no circuit to wait for); the others are interactive.
            if (path.StartsWith("/account/", StringComparison.Ordinal)) await page.GotoAsync(address);
            else await page.OpenAsync(address);
            await page.Locator(shownPart["css=".Length..]).First.WaitForAsync();
            return;
        }
        await page.OpenAsync(address);
        await page.WaitUntilShownAsync(shownPart);
    }

    private async Task<string> ResolveAsync(string path)
    {
        if (!path.Contains("{op}", StringComparison.Ordinal)) return path;
        return path.Replace("{op}", await ChineseOperationAsync(), StringComparison.Ordinal);
    }

    /// <summary>A restart a Chinese reader asked for, finished: its page shows its steps in the words it was run in.</summary>
    private async Task<string> ChineseOperationAsync()
    {
        await using (var db = new PortalDbContext(app.Database.Options()))
        {
            var done = await db.Operations.Where(o => o.Culture == "zh-CN" && o.Status != OperationStatus.InProgress)
                .Select(o => (Guid?)o.Id).FirstOrDefaultAsync();
            if (done is { } id) return id.ToString();
        }
        using var http = app.AdminClient();
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await http.PostAsync("/api/cloud-services/contoso-db/vms/sql01/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var operation = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var finished = await OperationPolling.UntilFinishedAsync(http, operation);
        Assert.Equal("Succeeded", finished.GetProperty("status").GetString());
        return operation;
    }

    private static string Slug(string path) =>
        path == "/" ? "dashboard" : Regex.Replace(path.Trim('/').ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');

}
