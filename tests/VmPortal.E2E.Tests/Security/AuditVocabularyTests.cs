using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Security;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Security;

/// <summary>One name per action in the audit log, whether a page or the API asked: every changing route names its action.</summary>
[Collection(typeof(ApiPortal))]
public sealed class AuditVocabularyTests(PortalApp app)
{
    [Fact]
    public void Every_changing_api_route_is_audited_under_an_action_of_the_vocabulary()
    {
        var changing = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Any(m => m is not ("GET" or "HEAD")) == true)
            .ToList();
        Assert.True(changing.Count >= 15, $"Only {changing.Count} changing API routes found: the enumeration is broken.");
        var unnamed = changing
            .Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName is not { } name || !AuditActions.All.Contains(name))
            .Select(e => $"{e.RoutePattern.RawText} ({e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "no name"})").ToList();
        Assert.True(unnamed.Count == 0, "Routes not named from AuditActions:\n" + string.Join("\n", unnamed));
    }

    [Fact]
    public async Task An_api_call_is_audited_under_the_same_name_a_page_uses()
    {
        var name = ApiClient.UniqueName("audited");
        using var http = app.CreateClient(Core.Security.PortalRoles.Operator);
        var created = await http.PostAsJsonAsync("/api/cloud-services", new { name, location = "West US" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        await using var db = await app.DbAsync();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Resource == $"cloud-services/{name}");
        Assert.Equal(AuditActions.CreateCloudService, entry.Action);
        Assert.Contains(name, entry.Detail); // the request body, as the audit keeps it
    }
}
