using Microsoft.Playwright;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests;

/// <summary>
/// The deploy form in a real browser: a Review on an empty form lands the keyboard on the first problem; the review of a bulk
/// deploy shows the second VM's SSH on public port 55001 before anything exists; the finished deploy says how to connect, and
/// its Copy button puts the ssh command on the clipboard.
/// </summary>
public sealed class DeployReviewJourneyTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_bulk_deploy_is_reviewed_with_its_ports_and_ends_with_a_command_to_copy()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.OpenAsync("/deploy?image=Ubuntu-Server-14.04-LTS");
        await Expect(page.GetByTestId("deploy-form")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await page.GetByTestId("deploy-review-button").ClickAsync();

        await Expect(page.GetByTestId("deploy-error-summary")).ToContainTextAsync("things to fix before the review");
        // The first problem on the page is the cloud service's name: the keyboard is there now.
        await Expect(page.GetByLabel("Cloud service name")).ToBeFocusedAsync();
        await Shots.TakeAsync(page, "deploy-error-summary");

        var service = ApiClient.UniqueName("bulk");
        await page.GetByLabel("Cloud service name").FillAsync(service);
        await page.GetByTestId("location-select").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = "West US", Exact = true }).ClickAsync();
        await page.GetByLabel("VM name").FillAsync("web");
        await page.GetByLabel("How many").FillAsync("2");
        await page.GetByLabel("Host name").FillAsync("web");
        await page.GetByLabel("User name").FillAsync("opsadmin");
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync("Portal-Deploy-Pa55!");
        await page.GetByLabel("Confirm password").FillAsync("Portal-Deploy-Pa55!");
        await page.GetByTestId("deploy-review-button").ClickAsync();

        await Expect(page.GetByTestId("deploy-review-endpoint")).ToHaveTextAsync(["SSH TCP 22 → 22", "SSH TCP 55001 → 22"], new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("deploy-review-moved")).ToContainTextAsync("web2 gets public port 55001 for SSH");
        await Shots.TakeAsync(page, "deploy-review");
        await page.GetByTestId("deploy-submit").ClickAsync();

        var commands = page.GetByTestId("connection-command");
        await Expect(commands).ToHaveTextAsync([$"ssh opsadmin@{service}.cloudapp.net", $"ssh opsadmin@{service}.cloudapp.net -p 55001"], new() { Timeout = 90_000 });
        await Shots.TakeAsync(page, "deploy-connect");
        var copy = page.GetByTestId("connection").Nth(1).GetByTestId("copy-button");
        await copy.ClickAsync();
        await Expect(copy).ToHaveAttributeAsync("data-copied", "true");
        Assert.Equal($"ssh opsadmin@{service}.cloudapp.net -p 55001", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    }
}
