using System.Net;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

[Collection(typeof(ApiPortal))]
public sealed class ReferenceDataApiTests(PortalApp app)
{
    private readonly HttpClient _http = app.AdminClient();

    [Fact]
    public async Task Locations_are_listed_by_name()
    {
        var locations = await _http.GetJsonAsync("/api/locations");

        Assert.Contains("West US", locations.EnumerateArray().Select(l => l.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Instance_sizes_carry_cores_memory_and_max_data_disks()
    {
        var sizes = await _http.GetJsonAsync("/api/instance-sizes");

        var small = sizes.EnumerateArray().Single(s => s.GetProperty("name").GetString() == "Small");
        Assert.Equal(1, small.GetProperty("cores").GetInt32());
        Assert.Equal(1792, small.GetProperty("memoryInMb").GetInt32());
        Assert.Equal(2, small.GetProperty("maxDataDisks").GetInt32());
    }

    [Fact]
    public async Task Storage_accounts_come_from_configuration_and_cannot_be_created()
    {
        var before = await _http.NamesAsync("/api/storage-accounts");
        var list = await _http.GetJsonAsync("/api/storage-accounts");
        var first = list.GetProperty("items")[0];
        Assert.StartsWith("http", first.GetProperty("blobEndpoint").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("location").GetString()));
        Assert.Equal(before.Count, list.GetProperty("total").GetInt32());

        using var response = await _http.PostJsonAsync("/api/storage-accounts", new { name = "newacct", location = "West US" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed");
        Assert.Contains("Storage:Accounts", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await _http.NamesAsync("/api/storage-accounts"));
    }

    [Fact]
    public async Task An_unknown_api_route_is_a_NotFound_problem_not_the_portal_page()
    {
        using var response = await _http.GetAsync("/api/no-such-thing");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task A_wrong_method_is_a_problem_that_names_the_allowed_ones()
    {
        using var response = await _http.PutAsync("/api/locations", null);

        var problem = await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "ValidationFailed");
        Assert.Contains("GET", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_ValidationFailed_problem()
    {
        using var response = await _http.PostAsync("/api/cloud-services", new StringContent("name=x"));

        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "ValidationFailed", "body");
    }

    [Fact]
    public async Task The_OpenAPI_document_names_every_route()
    {
        var document = await _http.GetJsonAsync("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        foreach (var path in new[]
        {
            "/api/locations", "/api/instance-sizes", "/api/storage-accounts", "/api/cloud-services", "/api/cloud-services/{name}",
            "/api/virtual-networks", "/api/disks", "/api/disks/{name}", "/api/operations", "/api/operations/{id}",
        })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        Assert.Equal("DeleteDisk", paths.GetProperty("/api/disks/{name}").GetProperty("delete").GetProperty("operationId").GetString());
    }

    [Fact]
    public async Task The_API_reference_page_is_served_with_its_script_from_the_portal_itself()
    {
        var page = await _http.GetStringAsync("/scalar/");
        Assert.Contains("<script src=\"scalar.js\"></script>", page);
        Assert.DoesNotContain("cdn.", page);

        using var script = await _http.GetAsync("/scalar/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }
}
