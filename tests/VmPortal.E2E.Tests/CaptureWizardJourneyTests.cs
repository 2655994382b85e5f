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
    public async Task App01_is_stopped_deprovisioned_and_captured_as_a_generalized_image_and_then_leaves_the_VM_list()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync("/vms/fabrikam-app/app01/capture");
        await page.GetByTestId("kind-card").Filter(new() { HasText = "Generalized" }).ClickAsync();
        await PressNextAsync(page);

        var notStopped = page.Locator("[data-testid=blocker][data-code=VmNotStopped]");
        await Expect(notStopped).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("next")).ToBeDisabledAsync();
        await page.ScreenshotAsync("capture-step2-generalized-running");
        await notStopped.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync();

        var notGeneralized = page.Locator("[data-testid=blocker][data-code=VmNotGeneralized]");
        await Expect(notGeneralized).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByTestId("blocker")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("capture-step2-generalized-stopped");
        await notGeneralized.GetByRole(AriaRole.Button, new() { Name = "Run waagent -deprovision" }).ClickAsync();
        await Expect(page.GetByTestId("prepare-ready")).ToBeVisibleAsync(Patiently);
        await page.ScreenshotAsync("capture-step2-generalized-ready");
        await PressNextAsync(page);

        await page.GetByLabel("Image name").FillAsync("app01-model");
        await Expect(page.GetByTestId("blob-name").First).ToHaveTextAsync($"app01-model-os-{Today}.vhd");
        await page.ScreenshotAsync("capture-step3-details-generalized");
        await PressNextAsync(page);
        await Expect(page.GetByTestId("consequence").First).ToContainTextAsync("'app01' will be deleted after the image is committed.");
        await page.ScreenshotAsync("capture-step4-review-generalized");
        await page.GetByTestId("capture").ClickAsync();

        var done = page.GetByTestId("capture-done");
        await Expect(done).ToBeVisibleAsync(Patiently);
        await Expect(done.GetByTestId("vm-deleted")).ToContainTextAsync("app01 was deleted");
        await page.ScreenshotAsync("capture-done-generalized");
        await done.GetByRole(AriaRole.Link, new() { Name = "Back to virtual machines" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "web01", Exact = true })).ToBeVisibleAsync(Patiently);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "app01", Exact = true })).ToHaveCountAsync(0);

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
