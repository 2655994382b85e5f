using System.Net;
using System.Text.Json;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests;

public sealed class HealthTests(PortalApp app) : IClassFixture<PortalApp>
{
    [Fact]
    public async Task Healthz_reports_database_and_blob_storage_healthy()
    {
        using var http = app.AnonymousClient();
        using var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("blobStorage").GetProperty("status").GetString());
    }
}
