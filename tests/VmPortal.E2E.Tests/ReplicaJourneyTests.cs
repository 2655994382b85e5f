using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>An operator replicates an image to another location from its page, watches it become Ready, and removes it again.</summary>
public sealed class ReplicaJourneyTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>
{
    private static readonly LocatorAssertionsToBeVisibleOptions Patiently = new() { Timeout = 30_000 };
    // "East Asia" is also part of "Southeast Asia".
    private static readonly LocatorGetByLabelOptions Exactly = new() { Exact = true };

    [Fact]
    public async Task An_image_is_replicated_to_another_location_from_its_page_and_the_replica_removed_after_a_confirmation()
    {
        var name = ApiClient.UniqueName("journey");
        var west = app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "West US");
        var os = await TestVhds.OsDiskAsync(west, OsType.Linux, generalized: false);
        var data = await TestVhds.DataDiskAsync(west);
        (await app.Services.GetRequiredService<ImageRegistration>().RegisterVmImageAsync(new RegisterVmImageRequest(name, "Journey build",
            new OsDiskRegistration(os.AbsoluteUri, "Linux", "Specialized"), [new DataDiskRegistration(data.AbsoluteUri, 0)]), "tests")).Ok();
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);

        await page.OpenAsync($"/images/{name}");
        var replicas = page.GetByTestId("image-replicas");
        await Expect(replicas.GetByTestId("replica-row")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        await page.GetByTestId("replicate").ClickAsync();
        var dialog = page.GetByTestId("replicate-dialog");
        await Expect(dialog).ToBeVisibleAsync(Patiently);
        await Expect(dialog.GetByLabel("West US", Exactly)).ToHaveCountAsync(0); // its own location is never offered
        await dialog.GetByLabel("North Europe", Exactly).CheckAsync();
        await dialog.GetByLabel("East Asia", Exactly).CheckAsync();
        // MudDialog puts its attributes on the dialog's content, not around its actions.
        await page.GetByTestId("replicate-submit").ClickAsync();

        foreach (var location in new[] { "North Europe", "East Asia" })
            await Expect(replicas.Locator($"[data-testid=replica-row][data-location='{location}']"))
                .ToHaveAttributeAsync("data-state", "Ready", new() { Timeout = 30_000 });
        await Shots.TakeAsync(page, "image-replicas");

        await replicas.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Remove the replica in East Asia" }).ClickAsync();
        var confirm = page.GetByTestId("remove-replica-dialog");
        await Expect(confirm).ToBeVisibleAsync(Patiently);
        await confirm.GetByLabel("Also delete the replica's VHD blobs").CheckAsync();
        await page.GetByTestId("remove-replica-confirm").ClickAsync();

        await Expect(replicas.Locator("[data-testid=replica-row][data-location='East Asia']")).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        await Expect(replicas.GetByTestId("replica-row")).ToHaveCountAsync(2);
    }
}
