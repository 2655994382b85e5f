using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// Issue 17's whole image lifecycle as one operator lives it, in the browser: a local VHD uploaded from the gallery becomes version
/// 1.0.0 of a family, is replicated to North Europe, deployed there as "always the latest" (from the replica), deprecated (the
/// deploy warns and still works), then made obsolete with a replacement — the portal's clock moves past the date while a deploy
/// form is open, and the portal refuses it naming the replacement.
/// </summary>
public sealed class ImageLifecycleJourneyTests(FixedDayPortalApp app, Browser browser) : IClassFixture<FixedDayPortalApp>, IClassFixture<Browser>, IDisposable
{
    private const string Home = "West US", Elsewhere = "North Europe", Replacement = "Ubuntu-Server-14.04-LTS";
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };
    private static readonly LocatorGetByLabelOptions Exactly = new() { Exact = true };
    private readonly string _folder = Directory.CreateTempSubdirectory("vmportal-lifecycle-e2e-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_uploaded_VHD_is_versioned_replicated_deployed_from_its_family_elsewhere_deprecated_and_refused_once_obsolete()
    {
        var name = ApiClient.UniqueName("life");
        var family = ApiClient.UniqueName("lifefam");
        var file = SparseVhdFile.Write(Path.Combine(_folder, "golden.vhd"), 16 * VhdFooter.MiB, [VhdFooter.MiB]);
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);

        // Upload and register as version 1.0.0 of a new family (the version is the one the form suggests).
        await page.OpenAsync("/images");
        await page.GetByTestId("upload-vhd").ClickAsync();
        await Expect(page.GetByTestId("vhd-drop")).ToHaveAttributeAsync("data-ready", "true");
        await page.GetByTestId("vhd-file").SetInputFilesAsync(file);
        await Expect(page.GetByTestId("vhd-file-name")).ToContainTextAsync("golden.vhd");
        await page.GetByLabel("Blob name").FillAsync(name);
        await Expect(page.GetByTestId("upload-vhd-dialog").GetByRole(AriaRole.Combobox, new() { Name = "Location" })).ToHaveValueAsync(Home);
        await page.GetByTestId("upload-start").ClickAsync();
        await Expect(page.GetByTestId("upload-done")).ToBeVisibleAsync(Patiently);
        await page.GetByLabel("Image name").FillAsync(name);
        await page.GetByLabel("Label (optional)").FillAsync("Golden Linux");
        await page.GetByTestId("register-family").FillAsync(family);
        await Expect(page.GetByTestId("register-version")).ToHaveValueAsync("1.0.0", new() { Timeout = 10_000 });
        await page.GetByTestId("register-submit").ClickAsync();
        await Expect(page.GetByTestId("upload-vhd-dialog")).ToHaveCountAsync(0, new() { Timeout = 20_000 });
        var card = page.Locator($"[data-testid=image-card][data-name='{name}']");
        await Expect(card.GetByTestId("family-line")).ToContainTextAsync($"Family {family} · version 1.0.0", new() { Timeout = 30_000 });

        // Replicate it to North Europe from its page.
        await card.GetByRole(AriaRole.Link, new() { Name = "Golden Linux" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/images/{name}$"));
        var replicas = page.GetByTestId("image-replicas");
        await Expect(replicas.GetByTestId("replica-row")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.GetByTestId("replicate").ClickAsync();
        var dialog = page.GetByTestId("replicate-dialog");
        await Expect(dialog).ToBeVisibleAsync(Patiently);
        await dialog.GetByLabel(Elsewhere, Exactly).CheckAsync();
        await page.GetByTestId("replicate-submit").ClickAsync();
        await Expect(replicas.Locator($"[data-testid=replica-row][data-location='{Elsewhere}']"))
            .ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "image-page-replicated");

        // Deploy "always the latest" of the family into North Europe: the VM is made from the replica there.
        await page.GetByRole(AriaRole.Link, new() { Name = "Deploy", Exact = true }).ClickAsync();
        await page.GetByTestId("family-choice-latest").ClickAsync();
        await Expect(page.GetByTestId("family-choice-note")).ToBeVisibleAsync(Patiently);
        var north = ApiClient.UniqueName("north");
        await FillDeployFormAsync(page, north, "vm1", Elsewhere);
        await page.GetByTestId("deploy-review-button").ClickAsync();
        var facts = page.GetByTestId("deploy-review-facts");
        await Expect(facts).ToContainTextAsync($"{name} (the latest of family {family})", new() { Timeout = 30_000 });
        await Expect(facts).ToContainTextAsync($"Location{Elsewhere}");
        await page.GetByTestId("deploy-submit").ClickAsync();
        await Expect(page.GetByTestId("deploy-progress")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });
        await page.OpenAsync($"/vms/{north}/vm1");
        await Expect(page.GetByTestId("lineage")).ToHaveTextAsync($"Deployed from image {name}", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("vm-header")).ToContainTextAsync(Elsewhere);
        var accounts = app.Services.GetRequiredService<BlobAccounts>();
        var northAccount = accounts.All.Single(a => a.Location == Elsewhere);
        await Expect(page.GetByTestId("disk-row").Locator("code")).ToHaveAttributeAsync("title", new Regex($"/{northAccount.Name}/"));
        await using (var db = await app.DbAsync())
        {
            var vm = await db.VirtualMachines.Include(v => v.Disks).Include(v => v.CloudService).SingleAsync(v => v.CloudService!.Name == north);
            Assert.Equal((Elsewhere, name), (vm.CloudService!.Location, vm.SourceImageName));
            Assert.True(accounts.TryGetByBlobUri(new Uri(vm.Disks.Single().MediaLink), out var diskAccount));
            Assert.Equal(Elsewhere, diskAccount.Location);
        }

        // Deprecate it from today: the family's deploy form warns, and the deploy still works.
        await page.OpenAsync($"/images/{name}");
        await page.GetByTestId("lifecycle-edit").ClickAsync();
        await SetDayAsync(page, "deprecate-at", app.Clock.Today);
        await page.GetByTestId("lifecycle-save").ClickAsync();
        await Expect(page.GetByTestId("lifecycle-schedule")).ToHaveTextAsync($"Deprecated since {app.Clock.Today}.", new() { Timeout = 20_000 });
        await page.OpenAsync($"/deploy?family={family}");
        await Expect(page.GetByTestId("lifecycle-banner")).ToHaveAttributeAsync("data-state", "Deprecated", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("lifecycle-banner")).ToContainTextAsync($"This image is deprecated since {app.Clock.Today}");
        var west = ApiClient.UniqueName("west");
        await FillDeployFormAsync(page, west, "vm2", Home);
        await page.GetByTestId("deploy-review-button").ClickAsync();
        await Expect(page.GetByTestId("deploy-review")).ToContainTextAsync($"Image '{name}' is deprecated since", new() { Timeout = 30_000 });
        await page.GetByTestId("deploy-submit").ClickAsync();
        await Expect(page.GetByTestId("deploy-progress")).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 60_000 });

        // Obsolete from tomorrow, replaced by a public image; a deploy form opened today still offers to deploy it.
        var tomorrow = app.Clock.GetUtcNow().AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.OpenAsync($"/images/{name}");
        await page.GetByTestId("lifecycle-edit").ClickAsync();
        await SetDayAsync(page, "obsolete-at", tomorrow);
        await page.GetByTestId("replacement").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = $"({Replacement})" }).ClickAsync();
        await page.GetByTestId("lifecycle-save").ClickAsync();
        await Expect(page.GetByTestId("lifecycle-schedule")).ToHaveTextAsync($"Deprecated since {app.Clock.Today}, obsolete on {tomorrow}.", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("lifecycle-replacement")).ToHaveTextAsync($"Replacement: {Replacement}");
        await page.OpenAsync($"/deploy?image={name}");
        await Expect(page.GetByTestId("lifecycle-banner")).ToContainTextAsync($"becomes obsolete on {tomorrow}", new() { Timeout = 30_000 });
        await FillDeployFormAsync(page, ApiClient.UniqueName("late"), "vm3", Home);

        // The night passes while the form stays open (the operator works in another tab, which keeps the 8-hour session alive).
        app.Clock.Advance(TimeSpan.FromHours(6));
        var other = await page.Context.NewPageAsync();
        await other.OpenAsync("/images");
        await other.CloseAsync();
        app.Clock.Advance(TimeSpan.FromHours(6));
        Assert.Equal(tomorrow, app.Clock.Today);

        await page.GetByTestId("deploy-review-button").ClickAsync();
        var refusal = page.GetByTestId("deploy-error");
        await Expect(refusal).ToContainTextAsync($"Image '{name}' is obsolete since {tomorrow} 00:00:00Z and no longer deploys; deploy '{Replacement}' instead.",
            new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("deploy-review")).ToHaveCountAsync(0);
        // The open form catches up with the refusal: the image as it is now, obsolete, and nothing more to review.
        await Expect(page.GetByTestId("lifecycle-banner")).ToHaveAttributeAsync("data-state", "Obsolete");
        await Expect(page.GetByTestId("deploy-review-button")).ToBeDisabledAsync();
        await Expect(page.GetByTestId("family-choice")).ToContainTextAsync($"Always the latest of {family} (no version can be deployed as its latest)");
        await Shots.TakeAsync(page, "deploy-obsolete-refused");
        await using (var db = await app.DbAsync())
            Assert.Equal(2, await db.VirtualMachines.CountAsync(v => v.SourceImageName == name));

        // Opened afresh, the form says so before anything is typed, and offers the replacement.
        await page.OpenAsync($"/deploy?image={name}");
        await Expect(page.GetByTestId("lifecycle-banner")).ToHaveAttributeAsync("data-state", "Obsolete", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("deploy-replacement")).ToHaveTextAsync($"Deploy {Replacement}");
        await Expect(page.GetByTestId("deploy-review-button")).ToBeDisabledAsync();
    }

    /// <summary>A new cloud service in <paramref name="location"/> and a Linux VM with a password.</summary>
    private static async Task FillDeployFormAsync(IPage page, string service, string vm, string location)
    {
        await page.GetByLabel("Cloud service name").FillAsync(service);
        var where = page.GetByTestId("location-select");
        // The select's own input holds the chosen location (its items carry no markup, so MudSelect keeps the input).
        if (await where.InputValueAsync() != location)
        {
            await where.ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = location, Exact = true }).ClickAsync();
        }
        await Expect(where).ToHaveValueAsync(location);
        await page.GetByLabel("VM name").FillAsync(vm);
        await page.GetByLabel("Host name").FillAsync(vm);
        await page.GetByLabel("User name").FillAsync("opsadmin");
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync("Portal-Deploy-Pa55!");
        await page.GetByLabel("Confirm password").FillAsync("Portal-Deploy-Pa55!");
    }

    /// <summary>Types a day into one of the lifecycle form's date pickers, as a user with a keyboard does (the picker may open: Escape closes it).</summary>
    private static async Task SetDayAsync(IPage page, string picker, string day)
    {
        var field = page.GetByTestId("lifecycle-form").Locator($"input[data-testid={picker}]");
        await field.FillAsync(day);
        await field.PressAsync("Enter");
        await Expect(field).ToHaveValueAsync(day);
        await field.PressAsync("Escape");
        await Expect(page.Locator(".mud-picker-inline-paper:visible")).ToHaveCountAsync(0);
    }
}
