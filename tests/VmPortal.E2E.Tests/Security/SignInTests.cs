using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Security;

/// <summary>Tokens, lock-out and what an anonymous browser meets.</summary>
public sealed class SignInTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused()
    {
        var userName = ApiClient.UniqueName("locky");
        await app.CreateUserAsync(userName, PortalRoles.Operator);
        using var http = app.AnonymousClient();

        for (var i = 0; i < 5; i++)
        {
            using var wrong = await http.PostAsJsonAsync("/api/auth/token", new { userName, password = "Not-The-Pa55word" });
            var problem = await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthenticated");
            Assert.DoesNotContain("Not-The-Pa55word", problem.ToString());
        }
        using var right = await http.PostAsJsonAsync("/api/auth/token", new { userName, password = PortalApp.Password });

        var locked = await right.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthenticated");
        Assert.Contains("locked", locked.S("detail"));
        await using var db = await app.DbAsync();
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.UserName == userName);
        Assert.InRange(user.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(5.1));
        var audit = await db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName && e.Action == AuditActions.IssueToken).ToListAsync();
        Assert.Equal(6, audit.Count(e => e.Outcome == AuditOutcome.Refused && e.Code == "Unauthenticated"));
        Assert.All(audit, e => Assert.DoesNotContain(PortalApp.Password, e.Detail));
    }

    [Fact]
    public async Task A_revoked_token_is_refused_at_the_next_request()
    {
        var token = await app.TokenAsync(PortalApp.Credentials(PortalRoles.Reader).UserName, PortalApp.Password);
        using var http = app.ClientWithToken(token);
        using (var before = await http.GetAsync("/api/vms")) Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        await using (var db = await app.DbAsync())
        {
            var row = await db.ApiTokens.SingleAsync(t => t.Hash == Secrets.Hash(token));
            row.RevokedTime = DateTimeOffset.UtcNow;
            await db.SaveChangesAsync();
            Assert.DoesNotContain(token, row.Hash);
        }

        using var after = await http.GetAsync("/api/vms");
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthenticated");
    }

    [Fact]
    public async Task Pages_send_an_anonymous_browser_to_sign_in_and_every_answer_carries_the_security_headers()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        using var vms = await http.GetAsync("/vms");
        Assert.Equal(HttpStatusCode.Redirect, vms.StatusCode);
        // A path, never an absolute URI: the Host the request came with is not reflected into the redirect.
        Assert.StartsWith("/account/login", vms.Headers.Location!.OriginalString);

        using var login = await http.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var csp = string.Join(";", login.Headers.GetValues("Content-Security-Policy"));
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}';", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("connect-src 'self' ws: wss:", csp);
        Assert.Equal("nosniff", login.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", login.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("__RequestVerificationToken", await login.Content.ReadAsStringAsync());

        // A sign-in posted without the form's antiforgery token is refused.
        using var forged = await http.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "signin", ["Input.UserName"] = "admin", ["Input.Password"] = PortalApp.Password,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("VmPortal.Auth", StringComparison.Ordinal)));
    }
}

/// <summary>The token route's rate limit, on a portal that allows five a minute (three go to the seeded users).</summary>
public sealed class TokenRateLimitTests(TokenRateLimitTests.StrictPortalApp app) : IClassFixture<TokenRateLimitTests.StrictPortalApp>
{
    public sealed class StrictPortalApp : PortalApp
    {
        protected override int TokenRateLimit => 5;
    }

    [Fact]
    public async Task The_token_route_answers_429_problem_details_past_its_limit()
    {
        using var http = app.AnonymousClient();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5 && limited is null; i++)
        {
            var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = "reader", password = PortalApp.Password });
            if (response.StatusCode == HttpStatusCode.TooManyRequests) limited = response;
            else response.Dispose();
        }
        Assert.NotNull(limited);
        using (limited)
        {
            await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "TooManyRequests");
            Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
        }
    }
}
