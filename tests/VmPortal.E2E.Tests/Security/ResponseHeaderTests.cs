using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Security;

/// <summary>Issue 14, hole 8: what every answer says about itself — refusals and 404s included — and what it never repeats.</summary>
[Collection(typeof(ApiPortal))]
public sealed class ResponseHeaderTests(PortalApp app)
{
    [Fact]
    public async Task Hole_8_refusals_404s_and_redirects_carry_the_security_headers_and_no_server_name()
    {
        using var anonymous = NoRedirects();
        using var reader = app.CreateClient(PortalRoles.Reader);
        using var admin = app.AdminClient();
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("401", await anonymous.GetAsync("/api/vms")),
            ("403", await reader.PostAsJsonAsync("/api/cloud-services", new { name = "never", location = "West US" })),
            ("404 route", await reader.GetAsync("/api/no-such-route")),
            ("404 resource", await reader.GetAsync("/api/cloud-services/nowhere")),
            ("405", await reader.DeleteAsync("/api/locations")),
            ("400 unreadable body", await admin.PostRawAsync("/api/cloud-services", """{"name": """)),
            ("400 name", await admin.PostAsJsonAsync("/api/cloud-services", new { name = "Bad Name", location = "West US" })),
            ("302 to sign in", await anonymous.GetAsync("/vms")),
            ("400 Host not allowed", await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/healthz") { Headers = { Host = "evil.example" } })),
            ("200 health", await anonymous.GetAsync("/healthz")),
        };

        foreach (var (what, response) in answers)
            using (response)
            {
                var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
                Assert.True(headers.TryGetValue("Content-Security-Policy", out var csp) && csp.Contains("frame-ancestors 'none'"), $"{what}: no CSP ({(int)response.StatusCode})");
                Assert.True(headers.TryGetValue("X-Content-Type-Options", out var sniff) && sniff == "nosniff", $"{what}: no nosniff");
                Assert.True(headers.TryGetValue("Referrer-Policy", out var referrer) && referrer == "strict-origin-when-cross-origin", $"{what}: no Referrer-Policy");
                Assert.True(headers.ContainsKey("X-Frame-Options"), $"{what}: no X-Frame-Options");
                Assert.False(headers.ContainsKey("Server"), $"{what}: names its server ({headers.GetValueOrDefault("Server")})");
            }
        Assert.Equal(HttpStatusCode.BadRequest, answers.Single(a => a.What == "400 Host not allowed").Response.StatusCode);
    }

    [Fact]
    public async Task Hole_8_a_redirect_names_a_path_and_never_the_Host_the_request_came_with()
    {
        using var anonymous = NoRedirects();

        using var response = await anonymous.GetAsync("/vms?tab=disks");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.False(location.IsAbsoluteUri, $"Location {location} names a host");
        Assert.StartsWith("/account/login?ReturnUrl=", location.OriginalString);
        Assert.Contains(Uri.EscapeDataString("/vms?tab=disks"), location.OriginalString);
    }

    [Fact]
    public async Task Without_a_configured_proxy_forwarded_headers_are_ignored_by_the_audit_and_the_rate_limit()
    {
        using var http = app.AnonymousClient();
        var userName = ApiClient.UniqueName("nofwd");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName, password = "Wrong-Pa55!" }) };
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await http.SendAsync(request);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "Unauthenticated");
        await using var db = await app.DbAsync();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.UserName == userName);
        Assert.NotEqual("203.0.113.9", entry.IpAddress);
        Assert.Contains(entry.IpAddress, Loopback);
    }

    private static readonly string[] Loopback = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];

    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
}

/// <summary>A portal behind a reverse proxy on this machine (<c>Portal:KnownProxies</c>): it believes that proxy, and only it.</summary>
public sealed class KnownProxyTests(KnownProxyTests.ProxiedPortalApp app) : IClassFixture<KnownProxyTests.ProxiedPortalApp>
{
    public sealed class ProxiedPortalApp : PortalApp
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:KnownProxies", "127.0.0.1;::1");
        }

        // Three tokens go to the seeded users at start, from the proxy's own address.
        protected override int TokenRateLimit => 4;
    }

    [Fact]
    public async Task The_audit_and_the_rate_limit_see_the_client_behind_the_proxy()
    {
        using var http = app.AnonymousClient();
        var userName = ApiClient.UniqueName("fwd");

        async Task<HttpStatusCode> TokenFromAsync(string client)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/token") { Content = JsonContent.Create(new { userName, password = "Wrong-Pa55!" }) };
            request.Headers.Add("X-Forwarded-For", client);
            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) first.Add(await TokenFromAsync("203.0.113.7"));
        var second = await TokenFromAsync("198.51.100.4");

        // Each client has its own window of four a minute; the proxy's own address is not the one limited.
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], first);
        Assert.Equal(HttpStatusCode.Unauthorized, second);
        await using var db = await app.DbAsync();
        var addresses = await db.AuditEntries.AsNoTracking().Where(e => e.UserName == userName).Select(e => e.IpAddress).ToListAsync();
        Assert.Equal(4, addresses.Count(a => a == "203.0.113.7"));
        Assert.Contains("198.51.100.4", addresses);
    }
}
