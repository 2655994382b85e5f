using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>The capture wizard on the demo estate, end to end: real preview, real operations, real blob copies.</summary>
public sealed class CaptureWizardJourneyTests(FixedDayDemoPortalApp app, Browser browser) : IClassFixture<FixedDayDemoPortalApp>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };
    private string Today => app.Clock.Today;

    [Fact]
    public async Task A_specialized_image_of_the_running_web01_is_captured_once_every_warning_is_acknowledged()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync("/vms/contoso-web/web01");
        await Expect(page.GetByTestId("vm-status")).ToHaveTextAsync("Running", new() { Timeout = 20_000 });
        await page.GetByTestId("capture-vm").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/vms/contoso-web/web01/capture$"));

        // Keyboard only: Tab to the radio, Space picks it, Enter on Next.
        await page.GetByRole(AriaRole.Radio, new() { Name = "Specialized" }).FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(page.GetByTestId("kind-card").Filter(new() { HasText = "Specialized" })).ToHaveAttributeAsync("data-selected", "true");
        await page.ScreenshotAsync("capture-step1-kind");
        await PressNextAsync(page);

        var warnings = page.GetByTestId("warning");
        await Expect(warnings).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("next")).ToBeDisabledAsync();
        await page.ScreenshotAsync("capture-step2-prepare");
        for (var i = 0; i < 3; i++) await warnings.Nth(i).GetByRole(AriaRole.Checkbox).CheckAsync();
        await PressNextAsync(page);

        await page.GetByLabel("Image name").FillAsync("web01-golden");
        await page.GetByLabel("Description").FillAsync("IIS with the shop site, before the spring release");
        await Expect(page.GetByTestId("blob-name").First).ToHaveTextAsync($"web01-golden-os-{Today}.vhd");
        await page.ScreenshotAsync("capture-step3-details");
        await PressNextAsync(page);

        await Expect(page.GetByTestId("consequence").First).ToContainTextAsync("web01' stays running");
        await page.ScreenshotAsync("capture-step4-review");
        await page.GetByTestId("capture").ClickAsync();

        var done = page.GetByTestId("capture-done");
        await Expect(done).ToBeVisibleAsync(Patiently);
        await Expect(done.GetByTestId("image-link")).ToHaveAttributeAsync("href", "images/web01-golden");
        await page.ScreenshotAsync("capture-done");
        await using var db = await app.DbAsync();
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "web01-golden");
        Assert.Equal((ImageState.Ready, OsState.Specialized), (image.State, image.OsState));
        Assert.Equal(VmStatus.ReadyRole, (await db.VirtualMachines.SingleAsync(v => v.Name == "web01")).Status);
    }

    [Fact]
    public async Task App01_is_stopped_and_generalized_in_one_action_captured_after_its_name_is_typed_and_the_user_hears_of_it_on_another_page()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        // The same user in a second tab, elsewhere in the portal: this is where they learn that the capture ended.
        var elsewhere = await page.Context.NewPageAsync();
        await elsewhere.OpenAsync("/images");
        await Expect(elsewhere.GetByTestId("notification-bell")).ToBeVisibleAsync(Patiently);
        await Expect(elsewhere.GetByTestId("notification-badge")).ToHaveAttributeAsync("data-count", "0");

        await page.OpenAsync("/vms/fabrikam-app/app01/capture");
        await page.GetByTestId("kind-card").Filter(new() { HasText = "Generalized" }).ClickAsync();
        await PressNextAsync(page);

        var notStopped = page.Locator("[data-testid=blocker][data-code=VmNotStopped]");
        await Expect(notStopped).ToBeVisibleAsync(Patiently);
        await Expect(notStopped).Not.ToContainTextAsync("ReadyRole");
        await Expect(page.GetByTestId("next")).ToBeDisabledAsync();
        await Shots.TakeAsync(page, "capture-prepare-generalized-running");
        await notStopped.GetByRole(AriaRole.Button, new() { Name = "Stop and generalize" }).ClickAsync();
        // One status while it runs, then the preview says nothing stands in the way.
        await Expect(page.GetByTestId("prepare-progress")).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("prepare-ready")).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("prepare-progress").GetByTestId("operation-progress")).ToHaveAttributeAsync("data-progress", "100");
        await Expect(page.GetByTestId("blocker")).ToHaveCountAsync(0);
        await Shots.TakeAsync(page, "capture-prepare-generalized-ready");
        await PressNextAsync(page);

        await page.GetByLabel("Image name").FillAsync("app01-model");
        await Expect(page.GetByTestId("blob-name").First).ToHaveTextAsync($"app01-model-os-{Today}.vhd");
        await PressNextAsync(page);
        await Expect(page.GetByTestId("consequence").First).ToContainTextAsync("'app01' will be deleted after the image is committed.");
        var capture = page.GetByTestId("capture");
        await Expect(capture).ToHaveTextAsync("Capture and delete app01");
        await Expect(capture).ToBeDisabledAsync();
        var confirm = page.GetByLabel("Type app01 to confirm");
        await confirm.FillAsync("APP01");
        await Expect(page.GetByTestId("confirm-delete")).ToContainTextAsync("does not match");
        await Expect(capture).ToBeDisabledAsync();
        await Shots.TakeAsync(page, "capture-review-confirm-mismatch");
        await confirm.FillAsync("app01");
        await Expect(capture).ToBeEnabledAsync();
        await capture.ClickAsync();

        var done = page.GetByTestId("capture-done");
        await Expect(done).ToBeVisibleAsync(Patiently);
        await Expect(done.GetByTestId("vm-deleted")).ToContainTextAsync("app01 was deleted");
        var bar = page.GetByTestId("capture-progress").GetByTestId("operation-progress");
        await Expect(bar).ToHaveAttributeAsync("data-progress", "100");
        await Expect(page.GetByTestId("disk-progress")).ToHaveCountAsync(2);
        // The VM is gone: its crumb is text, not a link; its cloud service's still leads to the service's VMs.
        await Expect(page.GetByTestId("crumb").Nth(2)).ToHaveTextAsync("app01");
        Assert.Null(await page.GetByTestId("crumb").Nth(2).GetAttributeAsync("href"));
        await Expect(page.GetByTestId("crumb").Nth(1)).ToHaveAttributeAsync("href", "vms?service=fabrikam-app");
        await Shots.TakeAsync(page, "capture-done-generalized");
        var operationPage = await bar.GetByTestId("operation-link").GetAttributeAsync("href");

        // On the other page the bell counts what ended meanwhile (the generalization, the capture); its menu leads to each.
        var badge = elsewhere.GetByTestId("notification-badge");
        await Expect(badge).ToHaveAttributeAsync("data-count", "2", new() { Timeout = 30_000 });
        await Shots.TakeAsync(elsewhere, "notification-badge");
        await elsewhere.GetByTestId("notification-bell").GetByRole(AriaRole.Button).ClickAsync();
        var notification = elsewhere.Locator("[data-testid=notification][data-kind=CaptureVmImage]").First;
        await Expect(notification).ToContainTextAsync("Capture image · image app01-model");
        await Expect(elsewhere.Locator("[data-testid=notification][data-kind=GeneralizeVM]").First).ToContainTextAsync("Generalize VM · VM fabrikam-app/app01");
        await elsewhere.ScreenshotAsync("notification-menu");
        await notification.ClickAsync();
        await Expect(elsewhere).ToHaveURLAsync(new Regex($"/{Regex.Escape(operationPage!)}$"));
        await Expect(badge).ToHaveAttributeAsync("data-count", "0");

        // The operation page: who, the steps with their times, each disk whole, at 100 %.
        await Expect(elsewhere.Locator("#page-title")).ToHaveTextAsync("Capture image", new() { Timeout = 30_000 });
        await Expect(elsewhere.GetByTestId("operation-who")).ToHaveTextAsync("operator");
        await Expect(elsewhere.GetByTestId("operation-progress")).ToHaveAttributeAsync("data-progress", "100");
        await Expect(elsewhere.GetByTestId("operation-step").Filter(new() { HasText = "Copying 2 disks" })).ToHaveAttributeAsync("data-done", "true");
        var disks = elsewhere.GetByTestId("disk-progress");
        await Expect(disks).ToHaveCountAsync(2);
        for (var i = 0; i < 2; i++)
        {
            await Expect(disks.Nth(i)).ToHaveAttributeAsync("data-percent", "100");
            await Expect(disks.Nth(i).GetByTestId("disk-bytes")).ToContainTextAsync(" of ");
        }
        await Expect(elsewhere.GetByTestId("operation-resource")).ToHaveAttributeAsync("href", "images/app01-model");
        await Shots.TakeAsync(elsewhere, "operation-page-capture");

        // Back on the wizard: straight on to a deploy from the new image.
        await done.GetByTestId("deploy-from-image").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/deploy\\?image=app01-model$"));
        await Expect(page.GetByTestId("deploy-image")).ToContainTextAsync("app01-model", new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "deploy-from-captured-image");

        // Every other page that shows operations: kinds in words, each bar leading to its operation.
        await elsewhere.OpenAsync("/operations");
        var row = elsewhere.GetByRole(AriaRole.Row).Filter(new() { HasText = "image app01-model" });
        await Expect(row.GetByTestId("operation-kind")).ToHaveTextAsync("Capture image", new() { Timeout = 30_000 });
        await Expect(elsewhere.GetByTestId("operation-grid")).Not.ToContainTextAsync("CaptureVmImage");
        await Shots.TakeAsync(elsewhere, "operations-list");
        await elsewhere.OpenAsync("/");
        await Expect(elsewhere.GetByTestId("recent-operations")).ToContainTextAsync("Capture image", new() { Timeout = 30_000 });
        await Shots.TakeAsync(elsewhere, "dashboard-recent-operations");
        await elsewhere.OpenAsync("/vms/contoso-web/web01");
        await Expect(elsewhere.GetByTestId("operations-panel")).ToBeVisibleAsync(Patiently);
        await Shots.TakeAsync(elsewhere, "vm-details");

        await using var db = await app.DbAsync();
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == "app01-model");
        Assert.Equal((ImageState.Ready, OsState.Generalized, OsType.Linux), (image.State, image.OsState, image.Os));
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.Name == "app01"));
    }

    /// <summary>Next by keyboard: focus and Enter, as a person without a mouse would.</summary>
    private static async Task PressNextAsync(IPage page)
    {
        var next = page.GetByTestId("next");
        await Expect(next).ToBeEnabledAsync(new() { Timeout = 10_000 });
        await next.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
    }
}
