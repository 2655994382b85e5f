using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Security;

/// <summary>
/// Every /api route the running portal maps — read from its endpoint data source, so a route added later is covered
/// without touching this test — called anonymously and as each role. Names in the path are made up, so no call changes
/// anything: an allowed call ends in 400/404, a refused one in 401/403 before the route runs.
/// </summary>
public sealed partial class AccessMatrixTests(PortalApp app) : IClassFixture<PortalApp>
{
    public static TheoryData<string> Callers => new() { "anonymous", PortalRoles.Reader, PortalRoles.Operator, PortalRoles.Admin };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Every_api_route_answers_each_caller_as_its_role_allows(string caller)
    {
        var routes = ApiRoutes();
        Assert.True(routes.Count >= 20, $"Only {routes.Count} API routes found: the enumeration is broken.");
        using var http = caller == "anonymous" ? app.AnonymousClient() : app.CreateClient(caller);
        var wrong = new List<string>();
        foreach (var (method, pattern) in routes)
        {
            var required = ExpectedRole(method, pattern);
            using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(pattern));
            if (method is "POST" or "PATCH" or "PUT") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await http.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            var expected = required is null ? "not 401/403"
                : caller == "anonymous" ? "401 Unauthenticated"
                : PortalRoles.AtLeast(required).Contains(caller) ? "not 401/403" : "403 Forbidden";
            var ok = expected switch
            {
                "401 Unauthenticated" => status == 401 && body.Contains("\"code\":\"Unauthenticated\""),
                "403 Forbidden" => status == 403 && body.Contains("\"code\":\"Forbidden\""),
                // The token route refuses made-up credentials with its own 401; it must still not be a 403.
                _ => required is null ? status != 403 : status is not (401 or 403),
            };
            if (!ok) wrong.Add($"{method} {pattern}: expected {expected}, got {status} {body[..Math.Min(body.Length, 160)]}");
        }
        Assert.True(wrong.Count == 0, $"{caller}:\n{string.Join("\n", wrong)}");
    }

    [Fact]
    public void Only_the_token_route_is_anonymous()
    {
        var anonymous = ApiRoutes().Where(r => ExpectedRole(r.Method, r.Pattern) is null).ToList();
        Assert.Equal([("POST", "/api/auth/token")], anonymous);
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true);
        var declared = endpoints.Where(e => Web.Security.ApiAccess.RequiredRole(e.Metadata) is null)
            .Select(e => e.RoutePattern.RawText).ToList();
        Assert.Equal(["/api/auth/token"], declared);
    }

    /// <summary>API.md "Security", written out independently of the portal's own convention.</summary>
    private static string? ExpectedRole(string method, string pattern) => (method, pattern) switch
    {
        ("POST", "/api/auth/token") => null,
        // API.md: storage health, reading included, is for administrators.
        (_, _) when pattern.StartsWith("/api/storage/health", StringComparison.Ordinal) => PortalRoles.Admin,
        ("GET" or "HEAD", _) => PortalRoles.Reader,
        // Previewing a capture changes nothing.
        ("POST", _) when pattern.EndsWith("/capture/preview", StringComparison.Ordinal) => PortalRoles.Reader,
        (_, _) when pattern.StartsWith("/api/storage-accounts", StringComparison.Ordinal)
                 || pattern.StartsWith("/api/virtual-networks", StringComparison.Ordinal) => PortalRoles.Admin,
        _ => PortalRoles.Operator,
    };

    private List<(string Method, string Pattern)> ApiRoutes() =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, e.RoutePattern.RawText!)))
            .Distinct().OrderBy(r => r.Item2).ThenBy(r => r.m).ToList();

    /// <summary>A path for a route pattern: made-up names, LUN 0, a fresh GUID.</summary>
    private static string Concrete(string pattern) => Parameter().Replace(pattern, m => m.Groups["constraint"].Value switch
    {
        ":int" => "0",
        _ when m.Groups["name"].Value == "id" => Guid.NewGuid().ToString(),
        _ => ApiClient.UniqueName("nothing"),
    });

    [GeneratedRegex(@"\{(?<name>[^}:?]+)\??(?<constraint>:[^}]*)?\}")]
    private static partial Regex Parameter();
}
