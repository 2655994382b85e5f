using System.Net;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

[Collection(typeof(ApiPortal))]
public sealed class CloudServiceApiTests(PortalApp app)
{
    private const string Path = "/api/cloud-services";
    private readonly HttpClient _http = app.AdminClient();

    [Fact]
    public async Task Create_answers_201_with_Location_and_the_service_is_listed_and_readable()
    {
        var name = ApiClient.UniqueName("shop");

        using var response = await _http.PostJsonAsync(Path, new { name, location = "west us", label = "Shop", description = "The shop" });

        var created = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"{Path}/{name}", response.Headers.Location?.ToString());
        Assert.Equal("West US", created.GetProperty("location").GetString());
        Assert.Equal(0, created.GetProperty("vmCount").GetInt32());
        var read = await _http.GetJsonAsync($"{Path}/{name}");
        Assert.Equal("Shop", read.GetProperty("label").GetString());
        Assert.Equal("The shop", read.GetProperty("description").GetString());
        Assert.Contains(name, await _http.NamesAsync(Path));
    }

    [Theory]
    [InlineData("Shop")]
    [InlineData("ab")]
    [InlineData("-shop")]
    [InlineData("shop_1")]
    public async Task A_name_against_R28_is_InvalidName_and_creates_nothing(string name)
    {
        var before = await _http.NamesAsync(Path);

        using var response = await _http.PostJsonAsync(Path, new { name, location = "West US" });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidName", "name");
        Assert.Equal(before, await _http.NamesAsync(Path));
    }

    [Fact]
    public async Task An_unknown_location_is_ValidationFailed_naming_location()
    {
        var name = ApiClient.UniqueName("nowhere");

        using var response = await _http.PostJsonAsync(Path, new { name, location = "Moon Base" });

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "location");
        Assert.Contains("West US", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain(name, await _http.NamesAsync(Path));
    }

    [Fact]
    public async Task Malformed_json_is_InvalidRequest_and_a_wrong_type_ValidationFailed_each_naming_where_it_broke()
    {
        var before = await _http.NamesAsync(Path);

        using var broken = await _http.PostRawAsync(Path, """{"name": "broken-json", "location": """);
        using var wrongType = await _http.PostRawAsync(Path, """{"name": 42, "location": "West US"}""");

        // API.md: a body that cannot be read at all is InvalidRequest; one that reads but holds a wrong type, ValidationFailed.
        await broken.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidRequest", "location");
        var problem = await wrongType.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "name");
        Assert.Contains("string", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await _http.NamesAsync(Path));
    }

    [Fact]
    public async Task A_missing_body_is_ValidationFailed_naming_the_body()
    {
        using var response = await _http.PostRawAsync(Path, "");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "body");
    }

    [Fact]
    public async Task A_taken_name_is_NameConflict_and_the_first_service_is_unchanged()
    {
        var name = ApiClient.UniqueName("twice");
        (await _http.PostJsonAsync(Path, new { name, location = "East US", label = "first" })).Dispose();

        using var response = await _http.PostJsonAsync(Path, new { name, location = "West US", label = "second" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "NameConflict", "name");
        var service = await _http.GetJsonAsync($"{Path}/{name}");
        Assert.Equal("East US", service.GetProperty("location").GetString());
        Assert.Equal("first", service.GetProperty("label").GetString());
    }

    [Fact]
    public async Task An_unknown_service_is_a_NotFound_problem_for_get_and_delete()
    {
        using var get = await _http.GetAsync($"{Path}/no-such-service");
        using var delete = await _http.DeleteAsync($"{Path}/no-such-service");

        await get.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await delete.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task An_empty_service_is_deleted_with_204()
    {
        var name = ApiClient.UniqueName("empty");
        (await _http.PostJsonAsync(Path, new { name, location = "West US" })).Dispose();

        using var response = await _http.DeleteAsync($"{Path}/{name}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain(name, await _http.NamesAsync(Path));
    }

    [Fact]
    public async Task A_service_that_holds_a_VM_is_not_deleted()
    {
        var name = ApiClient.UniqueName("busy");
        (await _http.PostJsonAsync(Path, new { name, location = "West US" })).Dispose();
        await AddVmAsync(name, "web1");

        using var response = await _http.DeleteAsync($"{Path}/{name}");

        var problem = await response.AssertProblemAsync(HttpStatusCode.Conflict, "NameConflict");
        Assert.Contains("1 VM", problem.GetProperty("detail").GetString());
        Assert.Equal(1, (await _http.GetJsonAsync($"{Path}/{name}")).GetProperty("vmCount").GetInt32());
    }

    [Theory]
    [InlineData("take=1001", "take")]
    [InlineData("take=-1", "take")]
    [InlineData("skip=-1", "skip")]
    [InlineData("skip=abc", "skip")]
    public async Task Paging_out_of_range_is_ValidationFailed_naming_the_parameter(string query, string field)
    {
        using var response = await _http.GetAsync($"{Path}?{query}");

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", field);
    }

    [Fact]
    public async Task A_page_holds_take_items_and_the_total_of_all()
    {
        for (var i = 0; i < 3; i++) (await _http.PostJsonAsync(Path, new { name = ApiClient.UniqueName("page"), location = "West US" })).Dispose();

        var page = await _http.GetJsonAsync($"{Path}?skip=1&take=2");

        Assert.Equal(2, page.GetProperty("items").GetArrayLength());
        Assert.True(page.GetProperty("total").GetInt32() >= 3);
    }

    /// <summary>
    /// A VM at rest (stopped and deallocated) in the service, made as the portal makes every VM, with its OS disk: the
    /// portal is shared, and its VM list reads each VM's OS disk. (One left Provisioning with no operation would be a stranded resource.)
    /// </summary>
    private async Task AddVmAsync(string serviceName, string vmName) =>
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            serviceName, "West US", vmName, "Ubuntu-Server-14.04-LTS", "Small", VmStatus.StoppedDeallocated, "opsadmin", []));
}
