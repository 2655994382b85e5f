using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace VmPortal.E2E.Tests.Security;

/// <summary>
/// Issue 14, hole 7: a browser session lives on the server. Signing out ends it — a copy of the cookie made before stops
/// working — and a demotion (or lock, or deletion) is refused at the user's very next action in a page already open.
/// </summary>
public sealed class SessionTests(PortalApp app, Browser browser) : IClassFixture<PortalApp>, IClassFixture<Browser>
{
    [Fact]
    public async Task Hole_7_signing_out_ends_the_session_so_a_cookie_copied_before_stops_working()
    {
        var page = await browser.NewPageAsync(app, PortalRoles.Reader);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "VmPortal.Auth");
        using var copy = CookieClient(cookie.Value);
        using (var before = await copy.GetAsync("/vms")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await page.OpenAsync("/vms");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "User menu" }).ClickAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));

        using var after = await copy.GetAsync("/vms");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.OriginalString);
        await using var db = await app.DbAsync();
        Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.SignOut && e.UserName == "reader"));
    }

    [Fact]
    public async Task Hole_7_a_user_demoted_while_a_page_is_open_is_refused_at_the_next_action()
    {
        var userName = ApiClient.UniqueName("demoted");
        await app.CreateUserAsync(userName, PortalRoles.Operator);
        var service = ApiClient.UniqueName("demo");
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", "idle1", "Ubuntu-Server-14.04-LTS", "Small", VmStatus.StoppedVM, "opsadmin", []));
        var page = await browser.NewAnonymousPageAsync(app.BaseAddress);
        await page.SignInAsync(userName, PortalApp.Password);
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await page.OpenAsync($"/vms/{service}/idle1");
        await Expect(page.GetByTestId("vm-actions")).ToBeVisibleAsync();

        await DemoteAsync(userName);
        await page.GetByTestId("vm-actions").ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new PageGetByRoleOptions { Name = "Start", Exact = true }).ClickAsync();

        // The page signs itself out at once, and nothing was started.
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await using var db = await app.DbAsync();
        Assert.False(await db.Operations.AnyAsync(o => o.Kind == OperationKinds.StartVm && o.Target.Contains(service)));
        var refusal = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.UserName == userName && e.Action == AuditActions.StartVm);
        Assert.Equal((AuditOutcome.Refused, "Unauthenticated"), (refusal.Outcome, refusal.Code));
    }

    /// <summary>What the admin page does: the role changes and the user's security stamp with it.</summary>
    private async Task DemoteAsync(string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var admin = await users.FindByNameAsync(PortalApp.Credentials(PortalRoles.Admin).UserName);
        var target = await users.FindByNameAsync(userName);
        var caller = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, admin!.Id), new Claim(ClaimTypes.Name, admin.UserName!), new Claim(ClaimTypes.Role, PortalRoles.Admin)], "test"));
        var demoted = await app.Services.GetRequiredService<UserAdministration>().SetRoleAsync(caller, target!.Id, PortalRoles.Reader, "127.0.0.1");
        Assert.True(demoted.Succeeded, demoted.Error?.Message);
    }

    private HttpClient CookieClient(string value)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Add("Cookie", $"VmPortal.Auth={value}");
        return http;
    }
}
