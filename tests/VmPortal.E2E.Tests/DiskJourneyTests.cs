using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;
using VmPortal.Core.VirtualMachines;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

public sealed class DiskJourneyTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_detached_disk_is_listed_as_unattached_and_deleting_it_with_its_blob_removes_both()
    {
        // dev01's LUN 1 becomes an unattached disk, as "detach, keep the disk" leaves it.
        var detach = await app.Services.GetRequiredService<VmService>().DetachDataDiskAsync("tailspin-dev", "dev01", 1, deleteVhd: false, "test");
        await app.Services.WaitForSuccessAsync(detach.Ok().Id);
        string mediaLink;
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            mediaLink = (await db.Disks.SingleAsync(d => d.Name.StartsWith("tailspin-dev-dev01-datadisk-1-"))).MediaLink;
        var blobName = Uri.UnescapeDataString(new Uri(mediaLink).Segments[^1]);
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);

        await page.OpenAsync("/disks");
        var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = blobName });
        await Expect(row).ToContainTextAsync("Unattached", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
        await Expect(page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "contoso-db-sql01-datadisk-0" }))
            .ToContainTextAsync("contoso-db/sql01");
        await Shots.TakeAsync(page, "disks");
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = $"Delete {blobName[..^4]}" }).ClickAsync();
        await page.GetByTestId("delete-vhd").ClickAsync();
        await page.GetByTestId("confirm-delete-disk").ClickAsync();

        await Expect(row).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
        var store = app.Services.GetRequiredService<DiskStore>();
        await OperationWaits.WaitUntilAsync(async () => (await store.Resolve(new Uri(mediaLink)).Blob.ExistsAsync()).Value, exists => !exists, $"{blobName} to be deleted");
        Assert.False((await store.Resolve(new Uri(mediaLink)).Blob.ExistsAsync()).Value);
    }

    [Fact]
    public async Task The_disks_grid_is_searched_and_sorted_on_the_server_and_keeps_its_view_in_the_url()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Reader);

        await page.OpenAsync("/disks?search=SQL01&sort=Size&desc=true");

        var rows = page.GetByTestId("disk-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(5, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 }); // sql01's OS disk and four data disks
        foreach (var row in await rows.AllAsync()) await Expect(row).ToContainTextAsync("contoso-db/sql01");
        await Expect(page.GetByTestId("disk-search")).ToHaveValueAsync("SQL01");
        var sizes = await rows.Locator("td[data-label='Virtual size']").AllInnerTextsAsync();
        var gigabytes = sizes.Select(t => int.Parse(t.Replace(" GB", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(gigabytes.OrderDescending(), gigabytes);
        await Shots.TakeAsync(page, "disks-search");

        await page.GetByTestId("disk-attached").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "Unattached", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("attached=no"));
        await Expect(page.GetByTestId("empty-state")).ToContainTextAsync("No disk matches");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Clear filters" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/disks\\?sort=Size&desc=true$"));
    }
}
