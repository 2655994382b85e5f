using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Api;

/// <summary>
/// Replicas over HTTP: <c>POST /api/images/{name}/replicas</c> copies the image into another location, where a deploy then uses
/// it; 409 <c>ReplicaExists</c>, the image's own location never removed (400), <c>DELETE …/replicas/{location}</c> and
/// <c>LocationMismatch</c> naming where the image is.
/// </summary>
[Collection(typeof(ApiPortal))]
public sealed class ImageReplicaApiTests(PortalApp app)
{
    private const string Images = "/api/images";
    private static readonly string[] NorthInLowerCase = ["north europe"];
    private static readonly string[] NorthEurope = ["North Europe"];
    private readonly HttpClient _http = app.CreateClient(PortalRoles.Operator);
    private BlobAccount West => app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "West US");
    private BlobAccount North => app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "North Europe");

    [Fact]
    public async Task A_replica_is_made_deployed_from_in_its_location_and_removed_with_its_VHDs()
    {
        var name = await RegisterAsync();

        using var replicate = await _http.PostJsonAsync($"{Images}/{name.ToUpperInvariant()}/replicas", new { locations = NorthInLowerCase });
        var operation = await replicate.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(("ReplicateImage", $"images/{name}"), (operation.S("kind"), operation.S("target")));
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, operation.S("id"))).S("status"));

        var image = await _http.GetJsonAsync($"{Images}/{name}");
        Assert.Equal([("West US", "Ready", 100), ("North Europe", "Ready", 100)], Replicas(image));
        Assert.False(image.GetProperty("replicas")[0].TryGetProperty("error", out _));

        using var again = await _http.PostJsonAsync($"{Images}/{name}/replicas", new { locations = NorthEurope });
        using var own = await _http.DeleteAsync($"{Images}/{name}/replicas/West%20US?deleteVhds=true");
        using var publicImage = await _http.PostJsonAsync($"{Images}/Ubuntu-Server-14.04-LTS/replicas", new { locations = NorthEurope });
        using var noLocations = await _http.PostJsonAsync($"{Images}/{name}/replicas", new { });
        Assert.Contains("North Europe", (await again.AssertProblemAsync(HttpStatusCode.Conflict, "ReplicaExists", "locations[0]")).S("detail"));
        Assert.Contains("own location", (await own.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "location")).S("detail"));
        Assert.Contains("every location", (await publicImage.AssertProblemAsync(HttpStatusCode.Conflict, "ReplicaExists")).S("detail"));
        await noLocations.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "locations");

        var service = ApiClient.UniqueName("rsvc");
        using var deploy = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms",
            new { name = "vm1", imageName = name, instanceSize = "Small", location = "North Europe" });
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, (await deploy.JsonAsync(HttpStatusCode.Accepted)).S("id"))).S("status"));
        var vm = await _http.GetJsonAsync($"/api/cloud-services/{service}/vms/vm1");
        Assert.StartsWith(North.BlobEndpoint.AbsoluteUri.TrimEnd('/') + "/", vm.GetProperty("osDisk").S("mediaLink"));

        using var remove = await _http.DeleteAsync($"{Images}/{name}/replicas/North%20Europe?deleteVhds=true");
        var removal = await remove.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("RemoveImageReplica", removal.S("kind"));
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, removal.S("id"))).S("status"));
        Assert.Equal([("West US", "Ready", 100)], Replicas(await _http.GetJsonAsync($"{Images}/{name}")));
        await foreach (var blob in North.Vhds.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = name + "-" }))
            Assert.Fail($"{blob.Name} was left in North Europe");

        using var mismatch = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms",
            new { name = "vm2", imageName = name, instanceSize = "Small" });
        Assert.Contains("replicate the image to North Europe", (await mismatch.AssertProblemAsync(HttpStatusCode.BadRequest, "LocationMismatch", "imageName")).S("detail"));
        await OperationPolling.UntilFinishedAsync(_http, (await (await _http.DeleteAsync($"/api/cloud-services/{service}/vms/vm1?deleteDisks=true"))
            .JsonAsync(HttpStatusCode.Accepted)).S("id"));
    }

    private static List<(string, string, int)> Replicas(JsonElement image) =>
        image.GetProperty("replicas").EnumerateArray().Select(r => (r.S("location"), r.S("state"), r.GetProperty("progress").GetInt32())).ToList();

    /// <summary>A specialized Linux VM image from a fresh blob in West US.</summary>
    private async Task<string> RegisterAsync()
    {
        var name = ApiClient.UniqueName("rep");
        var os = await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: false);
        using var response = await _http.PostJsonAsync(Images,
            new { name, osDiskConfiguration = new { mediaLink = os.AbsoluteUri, os = "Linux", osState = "Specialized" } });
        await response.JsonAsync(HttpStatusCode.Created);
        return name;
    }
}
