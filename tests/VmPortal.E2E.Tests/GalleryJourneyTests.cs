using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using VmPortal.Web.Components.Pages.Images;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>The image gallery, the deploy form, the operations page and the dashboard, in a real browser over the demo estate.</summary>
public sealed class GalleryJourneyTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_captured_VM_image_is_found_in_the_gallery_deployed_into_a_new_cloud_service_and_opened_once_ready()
    {
        var image = await CaptureRunningWindowsVmAsync("gal");
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync("/images");
        await Expect(page.GetByTestId("image-card").First).ToBeVisibleAsync(Patiently);
        await page.ScreenshotAsync("gallery-grid");

        await page.GetByTestId("filter-kind").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "VM images" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("kind=VMImage"));
        var card = page.Locator($"[data-testid=image-card][data-name='{image}']");
        await Expect(card).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("badge-kind").Filter(new LocatorFilterOptions { HasText = "OS image" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync("gallery-vm-images");

        await card.GetByRole(AriaRole.Link, new LocatorGetByRoleOptions { Name = "Night build" }).ClickAsync();
        await Expect(page.GetByTestId("image-disks").GetByTestId("lun")).ToHaveTextAsync(["—", "0", "1"], new() { Timeout = 20_000 });
        await page.ScreenshotAsync("image-details");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Deploy", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("specialized-notice")).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("unexpected-shutdown-warning")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("provisioning-section")).ToHaveCountAsync(0);
        var service = ApiClient.UniqueName("dep");
        await page.GetByLabel("Cloud service name").FillAsync(service);
        await page.GetByLabel("VM name").FillAsync("clone1");
        await page.ScreenshotAsync("deploy-specialized");
        await page.GetByTestId("deploy-review-button").ClickAsync();
        await Expect(page.GetByTestId("deploy-review-facts")).ToContainTextAsync("Kept from the image", new() { Timeout = 30_000 });
        await page.GetByTestId("deploy-submit").ClickAsync();

        var open = page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Open clone1" });
        await Expect(open).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("deploy-progress")).ToHaveAttributeAsync("data-status", "Succeeded");
        await page.ScreenshotAsync("deploy-ready");
        await open.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/vms/{service}/clone1$"));
        await Expect(page.GetByTestId("lineage")).ToHaveTextAsync($"Deployed from image {image}", new() { Timeout = 20_000 });
        await page.ScreenshotAsync("deployed-vm");
    }

    [Fact]
    public async Task A_weak_password_for_a_Windows_OS_image_is_refused_beside_the_field()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync("/deploy?image=Windows-Server-2012-R2-Datacenter");
        await Expect(page.GetByTestId("provisioning-section")).ToBeVisibleAsync(Patiently);
        await page.GetByLabel("Computer name").FillAsync("web9");
        await page.GetByLabel("Admin user name").FillAsync("opsadmin");
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync("password");

        await Expect(page.GetByText("The password needs three of")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("password-strength")).ToHaveAttributeAsync("data-score", "1");
        await page.ScreenshotAsync("deploy-weak-password");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.ScreenshotAsync("deploy-weak-password-dark");
    }

    [Fact]
    public async Task A_protected_image_is_unprotected_deleted_keeping_every_VHD_found_in_the_recycle_bin_and_restored()
    {
        var image = await CaptureRunningWindowsVmAsync("del");
        var catalog = app.Services.GetRequiredService<ImageQueries>();
        var captured = (await catalog.GetAsync(image)).Ok();
        var links = ImageText.Disks(captured).Select(d => d.MediaLink).ToList();
        var now = app.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        (await app.Services.GetRequiredService<ImageService>().UpdateAsync(image, new ImageUpdate(Protected: true,
            Tags: new Dictionary<string, string> { ["env"] = "prod", ["team"] = "web" },
            Lifecycle: new ImageLifecycleUpdate(now.AddDays(-1), now.AddDays(30), "Windows-Server-2012-R2-Datacenter")), "e2e")).Ok();
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync($"/images?tag=env:prod");
        await Expect(page.Locator($"[data-testid=image-card][data-name='{image}']").GetByTestId("badge-lifecycle")).ToContainTextAsync("Deprecated since", new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "gallery-lifecycle");
        await page.OpenAsync($"/deploy?image={image}");
        await Expect(page.GetByTestId("lifecycle-banner")).ToContainTextAsync("Use Windows-Server-2012-R2-Datacenter instead", new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "deploy-deprecated");

        await page.OpenAsync($"/images/{image}");
        await Expect(page.GetByTestId("image-delete")).ToBeDisabledAsync(new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "image-lifecycle");
        await page.GetByTestId("image-lifecycle").GetByText("Protected", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("image-delete")).ToBeEnabledAsync(new() { Timeout = 30_000 });
        await page.GetByTestId("image-delete").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByText("Its VHD blobs stay in storage")).ToBeVisibleAsync();
        await page.ScreenshotAsync("image-delete-dialog");
        await dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Delete image" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/images$"));
        await OperationWaits.WaitUntilAsync(async () => (await catalog.GetAsync(image)).Ok().DeletedTime, deleted => deleted is not null, $"{image} to be in the recycle bin");
        var store = app.Services.GetRequiredService<DiskStore>();
        Assert.Equal(3, links.Count);
        // Still the binned image's own blobs, so nothing is left behind for the health check.
        foreach (var link in links) Assert.True((await store.Resolve(new Uri(link)).Blob.ExistsAsync()).Value, $"{link} was deleted");

        await page.GetByText("Show deleted").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("deleted=true"));
        var row = page.Locator("tr", new() { Has = page.Locator($"[data-testid=bin-row][data-name='{image}']") });
        await Expect(row).ToBeVisibleAsync(Patiently);
        await Shots.TakeAsync(page, "recycle-bin");
        await row.GetByTestId("bin-restore").ClickAsync();
        await Expect(row).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        Assert.Null((await catalog.GetAsync(image)).Ok().DeletedTime);

        var source = captured.SourceVm!;
        await page.OpenAsync($"/vms/{source.ServiceName}/{source.Name}");
        await page.GetByTestId("vm-tags").GetByLabel("Add a tag").FillAsync("owner:ops");
        await page.GetByTestId("vm-tags").GetByTestId("tag-add").ClickAsync();
        await Expect(page.GetByTestId("vm-tags").GetByTestId("tag-chip")).ToHaveTextAsync(["owner: ops"], new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "vm-tags");
    }

    [Fact]
    public async Task The_operations_page_and_the_dashboard_show_the_portal_at_work()
    {
        await CaptureRunningWindowsVmAsync("ops");
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync("/operations");
        await Expect(page.GetByTestId("operation-status").First).ToBeVisibleAsync(Patiently);
        await Shots.TakeAsync(page, "operations");
        await page.OpenAsync("/");
        await Expect(page.GetByTestId("storage-usage-table")).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("recent-operation").First).ToBeVisibleAsync();
        await page.ScreenshotAsync("dashboard");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await page.ScreenshotAsync("dashboard-dark");
        await page.OpenAsync("/images?view=list");
        await page.GetByTestId("theme-toggle").ClickAsync();
        await Expect(page.GetByTestId("image-table")).ToBeVisibleAsync(Patiently);
        await page.ScreenshotAsync("gallery-list-dark");
    }

    /// <summary>A running Windows VM with two data disks, captured specialized: the R25 case.</summary>
    [Fact]
    public async Task A_family_shows_once_as_its_latest_version_and_deploys_as_always_the_latest()
    {
        var family = ApiClient.UniqueName("fam");
        var older = await CaptureRunningWindowsVmAsync("famold", family, "1.0.0");
        var newer = await CaptureRunningWindowsVmAsync("famnew", family, "1.1.0");
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);

        await page.OpenAsync("/images?kind=VMImage");
        var card = page.Locator($"[data-testid=image-card][data-name='{newer}']");
        await Expect(card.GetByTestId("family-line")).ToContainTextAsync($"Family {family} · version 1.1.0", new() { Timeout = 30_000 });
        await Expect(page.Locator($"[data-testid=image-card][data-name='{older}']")).ToHaveCountAsync(0);
        await Shots.TakeAsync(page, "gallery-families");
        await card.GetByTestId("family-versions").ClickAsync();
        await Expect(page.GetByTestId("image-card")).ToHaveCountAsync(2, new() { Timeout = 30_000 });

        await page.OpenAsync($"/deploy?image={older}");
        await page.GetByTestId("family-choice-latest").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/deploy\\?family={family}$"));
        await Expect(page.GetByTestId("deploy-image")).ToContainTextAsync(newer, new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("family-choice-note")).ToBeVisibleAsync();
        await Shots.TakeAsync(page, "deploy-family");
        var service = ApiClient.UniqueName("famdep");
        await page.GetByLabel("Cloud service name").FillAsync(service);
        await page.GetByLabel("VM name").FillAsync("latest1");
        await page.GetByTestId("deploy-review-button").ClickAsync();
        await Expect(page.GetByTestId("deploy-review-facts")).ToContainTextAsync($"{newer} (the latest of family {family})", new() { Timeout = 30_000 });
        await page.GetByTestId("deploy-submit").ClickAsync();

        await Expect(page.GetByTestId("deploy-progress")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        await page.OpenAsync($"/vms/{service}/latest1");
        await Expect(page.GetByTestId("lineage")).ToHaveTextAsync($"Deployed from image {newer}", new() { Timeout = 20_000 });
    }

    private async Task<string> CaptureRunningWindowsVmAsync(string prefix, string family = "web", string? version = null)
    {
        var service = ApiClient.UniqueName(prefix);
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", "src1", "Windows-Server-2012-R2-Datacenter", "Medium", VmStatus.ReadyRole, "opsadmin",
            [new DemoData.DemoDisk(0, 20, HostCaching.ReadOnly), new DemoData.DemoDisk(1, 10, HostCaching.None)]));
        var image = ApiClient.UniqueName($"{prefix}-img");
        var queued = await app.Services.GetRequiredService<CaptureService>().CaptureAsync(service, "src1",
            new CaptureRequest("Specialized", image, "Night build", "Web tier, captured while running.", ImageFamily: family, Version: version), "e2e");
        await app.Services.WaitForSuccessAsync(queued.Ok().Id);
        return image;
    }
}
