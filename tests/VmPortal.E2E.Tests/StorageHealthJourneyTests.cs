using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>An administrator finds an orphan blob on the "Storage health" page, chooses it, confirms, and it is gone.</summary>
public sealed class StorageHealthJourneyTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task An_admin_deletes_a_chosen_orphan_blob_after_a_confirmation()
    {
        var orphan = await TestVhds.DataDiskAsync(app.Services.GetRequiredService<BlobAccounts>().All[0]);
        var name = Uri.UnescapeDataString(orphan.Segments[^1]);
        var page = await browser.NewPageAsync(app, PortalRoles.Admin);

        await page.OpenAsync("/admin/storage-health");
        var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = name });
        await Expect(row).ToBeVisibleAsync(Patiently);
        await Expect(row).ToContainTextAsync("Orphan blob");
        await Expect(page.GetByTestId("reclaimable")).Not.ToHaveTextAsync("0 B");
        await Shots.TakeAsync(page, "storage-health");

        await row.GetByRole(AriaRole.Checkbox).CheckAsync();
        await page.GetByTestId("delete-chosen").ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Delete", Exact = true }).ClickAsync();

        await Expect(row).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 30_000 });
        Assert.False((await app.Services.GetRequiredService<DiskStore>().Resolve(orphan).Blob.ExistsAsync()).Value);
    }
}
