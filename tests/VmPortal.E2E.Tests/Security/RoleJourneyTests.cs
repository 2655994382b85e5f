using System.Net;
using Microsoft.Playwright;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests.Security;

/// <summary>What each role meets in the browser, on the demo estate, signed in through the real form.</summary>
public sealed class RoleJourneyTests(DemoPortalApp app, Browser browser) : IClassFixture<DemoPortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task A_Reader_finds_no_action_that_changes_anything_on_the_VM_list_or_a_VM_and_no_admin_page()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Reader);
        var cspViolations = new List<string>();
        page.Console += (_, message) => { if (message.Text.Contains("Content Security Policy")) cspViolations.Add(message.Text); };

        await page.OpenAsync("/vms");
        await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "sql01", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("bulk-actions")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("vm-actions")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Users" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync("reader-vms");

        await page.OpenAsync("/vms/contoso-db/sql01");
        await Expect(page.GetByTestId("disks").GetByTestId("lun")).ToHaveCountAsync(5, new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("vm-actions")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("resize")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Attach disk" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Detach LUN 0" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync("reader-vm-details");

        // Typed into the address bar: the server refuses it (the drawer does not even offer it).
        await page.GotoAsync("/admin/users");
        await Expect(page.GetByTestId("forbidden")).ToBeVisibleAsync();
        Assert.True(cspViolations.Count == 0, string.Join("\n", cspViolations));
    }

    [Fact]
    public async Task An_Operator_sees_the_actions_and_a_personal_token_stops_working_the_moment_it_is_revoked()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Operator);
        await page.OpenAsync("/vms");
        await Expect(page.GetByTestId("bulk-actions")).ToBeVisibleAsync();

        await page.OpenAsync("/account/tokens");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("build server");
        await page.GetByTestId("create-token").ClickAsync();
        var token = (await page.GetByTestId("new-token").TextContentAsync())!.Trim();
        Assert.StartsWith("vmp_", token);
        using var http = app.ClientWithToken(token);
        using (var allowed = await http.GetAsync("/api/operations")) Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Revoke build server" }).ClickAsync();
        await Expect(page.GetByTestId("tokens")).ToContainTextAsync("Revoked");

        using var refused = await http.GetAsync("/api/operations");
        await refused.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthenticated");
    }

    [Fact]
    public async Task An_Admin_makes_a_user_and_finds_it_in_the_audit_log_filtered_by_user()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Admin);
        var userName = ApiClient.UniqueName("newbie");
        await page.OpenAsync("/admin/users");
        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(userName);
        await page.GetByTestId("create-user").ClickAsync();
        await Expect(page.GetByTestId("generated-password")).ToContainTextAsync(userName);
        var password = await page.GetByTestId("generated-password").Locator("code").InnerTextAsync();
        await Expect(page.GetByTestId("users")).ToContainTextAsync(userName);

        // The page shows actions in words, and finds them by those words.
        await page.OpenAsync("/admin/audit");
        await page.GetByLabel("Action contains").FillAsync("create user");
        var rows = page.GetByTestId("audit").Locator("tbody tr");
        await Expect(rows.Filter(new() { HasText = $"users/{userName}" })).ToHaveCountAsync(1);
        await Expect(rows.First).ToContainTextAsync("admin");
        await page.ScreenshotAsync("admin-audit");

        // Sign-out is a form post from the user menu; afterwards the portal sends the browser back to sign in.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "User menu" }).ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync("/vms");
        await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" })).ToBeVisibleAsync();

        // The new user's first sign-in: the password the Admin saw is theirs to replace before anything else.
        await page.SignInAsync(userName, password);
        await Expect(page.GetByTestId("password-change-required")).ToBeVisibleAsync();
        await page.ScreenshotAsync("password-change-required");
        await page.GotoAsync("/vms");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/password\\?returnUrl=%2Fvms$"));
        await page.GetByLabel("Current password").FillAsync(password);
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Newbie-Own-Pa55!");
        await page.GetByLabel("New password again").FillAsync("Newbie-Own-Pa55!");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByTestId("password-message")).ToHaveTextAsync("Your password is changed.");
        await Expect(page.GetByTestId("password-change-required")).ToHaveCountAsync(0);
        await page.GetByTestId("back-to-portal").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/vms$"));
        await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Virtual machines", Exact = true })).ToBeVisibleAsync();
    }
}
