using Microsoft.Playwright;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>The portal's main pages over the demo estate, each with the part that shows it has loaded its data.</summary>
public static class MainPages
{
    public static TheoryData<string, string> All => new()
    {
        { "/", "recent-operations" },
        { "/vms", "vm-status" },
        { "/vms/contoso-db/sql01", "size-card" },
        { "/images", "image-card" },
        { "/images/Windows-Server-2008-R2-SP1", "image-lifecycle" },
        { "/deploy?image=Ubuntu-Server-14.04-LTS", "network-section" },
        { "/disks", "disk-table" },
        { "/cloud-services", "" },
        { "/operations", "operation-grid" },
        { "/storage", "" },
    };

    /// <summary>Waits for the page's shown part; a page without a test id of its own is shown once its table has a row.</summary>
    public static Task WaitUntilShownAsync(this IPage page, string shownPart) =>
        (shownPart.Length > 0 ? page.GetByTestId(shownPart) : page.Locator(".mud-table-body .mud-table-row")).First.WaitForAsync();
}
