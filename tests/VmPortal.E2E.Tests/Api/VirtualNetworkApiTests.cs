using System.Net;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

[Collection(typeof(ApiPortal))]
public sealed class VirtualNetworkApiTests(PortalApp app)
{
    private const string Path = "/api/virtual-networks";
    private readonly HttpClient _http = app.AdminClient();

    private static object Network(string name, string addressSpace = "10.0.0.0/16", params object[] subnets) => new
    {
        name, location = "West US", addressSpace,
        subnets = subnets.Length > 0 ? subnets : [new { name = "front", addressPrefix = "10.0.1.0/24" }],
    };

    [Fact]
    public async Task Create_answers_201_with_Location_and_the_network_is_listed()
    {
        var name = ApiClient.UniqueName("Net");

        using var response = await _http.PostJsonAsync(Path, Network(name, "10.1.0.0/16",
            new { name = "front", addressPrefix = "10.1.1.0/24" }, new { name = "back", addressPrefix = "10.1.2.0/24" }));

        var created = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"{Path}/{name}", response.Headers.Location?.ToString());
        Assert.Equal("10.1.0.0/16", created.GetProperty("addressSpace").GetString());
        Assert.Equal(2, created.GetProperty("subnets").GetArrayLength());
        Assert.Contains(name, await _http.NamesAsync(Path));
        var read = await _http.GetJsonAsync($"{Path}/{name}");
        Assert.Equal("10.1.2.0/24", read.GetProperty("subnets")[1].GetProperty("addressPrefix").GetString());
    }

    public static TheoryData<string, object[], string> BadRanges => new()
    {
        { "10.0.0.0/33", [], "addressSpace" },
        { "10.0.0.1/16", [], "addressSpace" },
        { "not-a-cidr", [], "addressSpace" },
        { "10.0.0.0/16", [new { name = "a", addressPrefix = "10.0.1.0" }], "subnets[0].addressPrefix" },
        { "10.0.0.0/16", [new { name = "a", addressPrefix = "10.9.0.0/24" }], "subnets[0].addressPrefix" },
        { "10.0.0.0/16", [new { name = "a", addressPrefix = "10.0.1.0/24" }, new { name = "b", addressPrefix = "10.0.1.128/25" }], "subnets[1].addressPrefix" },
        { "10.0.0.0/16", [new { name = "a", addressPrefix = "10.0.1.0/24" }, new { name = "A", addressPrefix = "10.0.2.0/24" }], "subnets[1].name" },
    };

    [Theory]
    [MemberData(nameof(BadRanges))]
    public async Task A_bad_range_or_subnet_is_ValidationFailed_naming_the_field_and_creates_nothing(string space, object[] subnets, string field)
    {
        var name = ApiClient.UniqueName("bad");

        using var response = await _http.PostJsonAsync(Path, Network(name, space, subnets));

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", field);
        Assert.DoesNotContain(name, await _http.NamesAsync(Path));
    }

    [Fact]
    public async Task A_network_without_subnets_is_ValidationFailed()
    {
        using var response = await _http.PostJsonAsync(Path, new { name = ApiClient.UniqueName("bare"), location = "West US", addressSpace = "10.0.0.0/16", subnets = Array.Empty<object>() });

        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "subnets");
    }

    [Fact]
    public async Task A_bad_name_is_InvalidName_and_a_bad_location_ValidationFailed()
    {
        using var badName = await _http.PostJsonAsync(Path, Network("net_1"));
        using var badLocation = await _http.PostJsonAsync(Path, new { name = ApiClient.UniqueName("loc"), location = "Atlantis", addressSpace = "10.0.0.0/16" });

        await badName.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidName", "name");
        await badLocation.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "location");
    }

    [Fact]
    public async Task A_taken_name_in_any_case_is_NameConflict()
    {
        var name = ApiClient.UniqueName("dup");
        (await _http.PostJsonAsync(Path, Network(name))).Dispose();
        var before = await _http.NamesAsync(Path);

        using var response = await _http.PostJsonAsync(Path, Network(name.ToUpperInvariant()));

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "NameConflict", "name");
        Assert.Equal(before, await _http.NamesAsync(Path));
    }

    [Fact]
    public async Task An_unknown_network_is_NotFound()
    {
        using var response = await _http.GetAsync($"{Path}/no-such-net");

        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }
}
