using Microsoft.Playwright;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

public sealed class VirtualMachineJourneyTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToHaveTextOptions Patiently = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_running_vm_stopped_from_its_row_menu_shows_Stopped_without_a_reload()
    {
        var page = await browser.NewPageAsync(app);
        await page.OpenAsync("/vms");
        var row = page.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { Has = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "web01", Exact = true }) });
        var chip = row.GetByTestId("vm-status");
        await Expect(chip).ToHaveTextAsync("Running", Patiently);
        await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "sql01", Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync("vms-list");
        // A page reload would drop this marker: the chip must change through the live circuit.
        await page.EvaluateAsync("() => window.__sameDocument = true");

        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Actions for web01" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new PageGetByRoleOptions { Name = "Stop", Exact = true }).ClickAsync();

        await Expect(chip).ToHaveTextAsync("Stopped", Patiently);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"));
        await page.ScreenshotAsync("vms-list-web01-stopped");

        // The list's own way to a new VM, as a cloud console has it: the deploy form, starting with the image.
        await page.GetByTestId("create-vm").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/deploy$"));
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Deploy a virtual machine" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_vms_cloud_service_crumb_leads_to_that_services_vms_and_back_to_every_vm()
    {
        var page = await browser.NewPageAsync(app);
        await page.OpenAsync("/vms/contoso-web/web02");
        var crumb = page.GetByTestId("crumb").Filter(new() { HasText = "contoso-web" });
        await Expect(crumb).ToHaveAttributeAsync("href", "vms?service=contoso-web");

        await crumb.ClickAsync();

        await Expect(page.GetByTestId("service-filter")).ToContainTextAsync("Cloud service: contoso-web");
        await Expect(page.Locator("[data-testid=vm-grid] td.portal-vm-name-cell a")).ToHaveTextAsync(["web01", "web02"]);
        await page.GetByTestId("service-filter").GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("[data-testid=vm-grid] td.portal-vm-name-cell a")).ToHaveCountAsync(6);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/vms$"));
    }

    [Fact]
    public async Task Sql01_shows_its_four_data_disks_and_takes_a_new_10_GB_disk_at_a_free_LUN()
    {
        var page = await browser.NewPageAsync(app);
        await page.OpenAsync("/vms/contoso-db/sql01");
        var disks = page.GetByTestId("disks");
        var luns = disks.GetByTestId("lun");
        await Expect(luns).ToHaveTextAsync(["—", "0", "1", "5", "15"], new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 });
        await Expect(page.GetByTestId("lineage")).ToHaveTextAsync("Deployed from image Windows-Server-2008-R2-SP1");
        await Expect(page.GetByTestId("lineage-image")).ToHaveAttributeAsync("href", "images/Windows-Server-2008-R2-SP1");
        await page.ScreenshotAsync("vm-details-sql01");

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Attach disk" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByLabel("Size (GB)")).ToHaveValueAsync("10");
        await page.ScreenshotAsync("vm-details-attach-dialog");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Attach", Exact = true }).ClickAsync();

        // LUN 2 is the first free one; the new disk appears once the operation finishes, without a reload.
        await Expect(luns).ToHaveTextAsync(["—", "0", "1", "2", "5", "15"], Patiently);
        await Expect(disks.Locator("[data-lun='2']")).ToContainTextAsync("10 GB");
        await Expect(page.GetByTestId("operation").First).ToHaveAttributeAsync("data-kind", "AttachDataDisk");
        await page.ScreenshotAsync("vm-details-sql01-attached");
    }
}
