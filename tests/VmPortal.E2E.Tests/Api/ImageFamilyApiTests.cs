using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Api;

/// <summary>
/// Versions, families and "latest" over HTTP: InvalidVersion and VersionConflict wherever a version is set, the family list,
/// <c>GET /api/image-families/{family}/latest</c> with every rule of the choice (the portal's clock moved for obsolescence), and
/// deploys by family that name the image they resolved to.
/// </summary>
public sealed class ImageFamilyApiTests(FixedDayPortalApp app) : IClassFixture<FixedDayPortalApp>
{
    private const string Images = "/api/images";
    private readonly HttpClient _http = app.CreateClient(PortalRoles.Operator);
    private BlobAccount West => app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "West US");
    private BlobAccount East => app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "East US");

    [Fact]
    public async Task A_malformed_version_is_400_InvalidVersion_on_PATCH_registration_and_capture()
    {
        var family = ApiClient.UniqueName("fam");
        var name = await RegisterAsync(family, "1.0.0");
        var blob = await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: true);
        var osDisk = await OsDiskAsync(West);

        using var patch = await _http.PatchAsJsonAsync($"{Images}/{name}", new { version = "1.0.0.0" });
        using var vmImage = await _http.PostJsonAsync(Images, VmImageBody(ApiClient.UniqueName("img"), osDisk.AbsoluteUri, family, "01.0.0"));
        using var osImage = await _http.PostJsonAsync("/api/os-images",
            new { name = ApiClient.UniqueName("os"), mediaLink = blob.AbsoluteUri, os = "Linux", imageFamily = family, version = "latest" });
        using var capture = await _http.PostJsonAsync("/api/cloud-services/no-svc/vms/no-vm/capture",
            new { osState = "Specialized", imageName = ApiClient.UniqueName("cap"), imageFamily = family, version = "1.x.0" });

        foreach (var refused in new[] { patch, vmImage, osImage, capture })
            await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidVersion", "version");
        Assert.Equal("1.0.0", (await _http.GetJsonAsync($"{Images}/{name}")).S("version"));
        Assert.Equal([name], await MembersAsync(family));
        await app.DeleteBlobsAsync(blob, osDisk);
    }

    [Fact]
    public async Task A_version_taken_in_the_family_in_any_case_is_409_VersionConflict_naming_the_image_holding_it()
    {
        var family = ApiClient.UniqueName("Fam");
        var holder = await RegisterAsync(family, "1.2.0");
        var other = await RegisterAsync(family.ToLowerInvariant(), "1.3.0");
        var osDisk = await OsDiskAsync(West);

        using var patch = await _http.PatchAsJsonAsync($"{Images}/{other}", new { version = "1.2.0", label = "changed" });
        using var register = await _http.PostJsonAsync(Images, VmImageBody(ApiClient.UniqueName("img"), osDisk.AbsoluteUri, family.ToUpperInvariant(), "1.2.0"));

        Assert.Contains($"'{holder}'", (await patch.AssertProblemAsync(HttpStatusCode.Conflict, "VersionConflict", "version")).S("detail"));
        Assert.Contains($"'{holder}'", (await register.AssertProblemAsync(HttpStatusCode.Conflict, "VersionConflict", "version")).S("detail"));
        var unchanged = await _http.GetJsonAsync($"{Images}/{other}");
        Assert.Equal(("1.3.0", other), (unchanged.S("version"), unchanged.S("label")));
        Assert.Equal(2, (await MembersAsync(family)).Count);
        await app.DeleteBlobsAsync(osDisk);
    }

    [Fact]
    public async Task The_family_list_orders_versions_as_numbers_and_latest_skips_an_image_excluded_from_it()
    {
        var family = ApiClient.UniqueName("num");
        await RegisterAsync(family, "1.9.0");
        var ten = await RegisterAsync(family, "1.10.0");
        await RegisterAsync(family, "1.2.0");
        var eleven = await RegisterAsync(family, "1.11.0", excludeFromLatest: true);

        var listed = Family(await _http.GetJsonAsync("/api/image-families?take=1000"), family);
        var latest = await _http.GetJsonAsync($"/api/image-families/{family}/latest");

        Assert.Equal(["1.2.0", "1.9.0", "1.10.0", "1.11.0"], listed.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal((ten, "Linux"), (listed.S("latest"), listed.S("os")));
        Assert.Equal((ten, "1.10.0", false), (latest.S("name"), latest.S("version"), latest.GetProperty("excludeFromLatest").GetBoolean()));
        using var accept = await _http.PatchAsJsonAsync($"{Images}/{eleven}", new { excludeFromLatest = false });
        Assert.False((await accept.JsonAsync(HttpStatusCode.OK)).GetProperty("excludeFromLatest").GetBoolean());
        Assert.Equal(eleven, (await _http.GetJsonAsync($"/api/image-families/{family.ToUpperInvariant()}/latest")).S("name"));
    }

    [Fact]
    public async Task Latest_skips_an_obsolete_version_once_the_portal_clock_passes_its_date_and_one_in_the_recycle_bin()
    {
        var family = ApiClient.UniqueName("life");
        var one = await RegisterAsync(family, "1.0.0");
        var two = await RegisterAsync(family, "2.0.0");
        var three = await RegisterAsync(family, "3.0.0");
        var now = app.Clock.GetUtcNow();
        using var aging = await _http.PatchAsJsonAsync($"{Images}/{two}", new { lifecycle = new { deprecateAt = now.AddHours(1), obsoleteAt = now.AddHours(2), replacement = one } });
        await aging.JsonAsync(HttpStatusCode.OK);
        using var delete = await _http.DeleteAsync($"{Images}/{three}");
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, (await delete.JsonAsync(HttpStatusCode.Accepted)).S("id"))).S("status"));

        Assert.Equal(two, (await _http.GetJsonAsync($"/api/image-families/{family}/latest")).S("name"));
        app.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(one, (await _http.GetJsonAsync($"/api/image-families/{family}/latest")).S("name"));
        Assert.Equal(["1.0.0", "2.0.0"], Family(await _http.GetJsonAsync("/api/image-families?take=1000"), family).GetProperty("versions")
            .EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Latest_in_a_location_is_the_newest_there_and_none_there_is_404_NotFound()
    {
        var family = ApiClient.UniqueName("loc");
        var west = await RegisterAsync(family, "1.0.0");
        var east = await RegisterAsync(family, "1.1.0", account: East);

        using var nowhere = await _http.GetAsync($"/api/image-families/{family}/latest?location=North%20Europe");
        using var unknown = await _http.GetAsync("/api/image-families/no-such-family/latest");
        using var badLocation = await _http.GetAsync($"/api/image-families/{family}/latest?location=Mars");

        Assert.Equal(east, (await _http.GetJsonAsync($"/api/image-families/{family}/latest")).S("name"));
        Assert.Equal(west, (await _http.GetJsonAsync($"/api/image-families/{family}/latest?location=West%20US")).S("name"));
        Assert.Equal(east, (await _http.GetJsonAsync($"/api/image-families/{family}/latest?location=east%20us")).S("name"));
        Assert.Contains($"'{east}' in East US", (await nowhere.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound")).S("detail"));
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        await badLocation.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "location");
    }

    [Theory]
    [InlineData("bad%07name")]
    [InlineData("bad%E2%80%AEname")]
    [InlineData("%20")]
    [InlineData("a-very-long-family-name-that-goes-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on-and-on")]
    public async Task A_family_with_a_control_or_invisible_character_blank_or_too_long_is_400_and_the_detail_does_not_carry_it(string family)
    {
        using var latest = await _http.GetAsync($"/api/image-families/{family}/latest");
        using var deploy = await _http.PostJsonAsync($"/api/cloud-services/{ApiClient.UniqueName("hsvc")}/vms",
            new { name = "vm1", imageFamily = Uri.UnescapeDataString(family), instanceSize = "Small", location = "West US" });

        var problem = await latest.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "family");
        Assert.DoesNotContain(problem.S("detail"), c => char.IsControl(c) || c == '\u202E');
        await deploy.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "imageFamily");
    }

    [Fact]
    public async Task A_deploy_by_family_resolves_the_latest_in_the_service_location_and_the_operation_and_VMs_name_it()
    {
        var family = ApiClient.UniqueName("dep");
        await RegisterAsync(family, "1.0.0");
        var newest = await RegisterAsync(family, "1.1.0");
        await RegisterAsync(family, "5.0.0", account: East);
        var now = app.Clock.GetUtcNow();
        using var deprecate = await _http.PatchAsJsonAsync($"{Images}/{newest}", new { lifecycle = new { deprecateAt = now.AddMinutes(-1) } });
        await deprecate.JsonAsync(HttpStatusCode.OK);
        var service = ApiClient.UniqueName("fsvc");

        using var response = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms",
            new { name = "vm1", imageFamily = family.ToUpperInvariant(), instanceSize = "Small", location = "West US" });

        var operation = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(newest, operation.S("imageName"));
        Assert.Contains($"'{newest}' is deprecated", Assert.Single(operation.GetProperty("warnings").EnumerateArray()).GetString());
        var done = await OperationPolling.UntilFinishedAsync(_http, operation.S("id"));
        Assert.Equal(("Succeeded", newest), (done.S("status"), done.S("imageName")));
        Assert.Equal(newest, (await _http.GetJsonAsync($"/api/cloud-services/{service}/vms/vm1")).S("sourceImageName"));
    }

    [Fact]
    public async Task A_deploy_with_both_imageName_and_imageFamily_or_neither_is_400_ValidationFailed_and_creates_nothing()
    {
        var family = ApiClient.UniqueName("both");
        var name = await RegisterAsync(family, "1.0.0");
        var service = ApiClient.UniqueName("bsvc");

        using var both = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms",
            new { name = "vm1", imageName = name, imageFamily = family, instanceSize = "Small", location = "West US" });
        using var neither = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms", new { name = "vm1", instanceSize = "Small", location = "West US" });
        using var none = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms",
            new { name = "vm1", imageFamily = family, instanceSize = "Small", location = "East Asia" });

        await both.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "imageFamily");
        await neither.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "imageName");
        await none.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound", "imageFamily");
        Assert.DoesNotContain(service, await _http.NamesAsync("/api/cloud-services"));
    }

    private static JsonElement Family(JsonElement page, string family) =>
        page.GetProperty("items").EnumerateArray().Single(f => f.S("name").Equals(family, StringComparison.OrdinalIgnoreCase));

    private async Task<List<string>> MembersAsync(string family) =>
        (await _http.GetJsonAsync($"{Images}?family={Uri.EscapeDataString(family)}&take=1000")).GetProperty("items").EnumerateArray().Select(i => i.S("name")).ToList();

    private static async Task<Uri> OsDiskAsync(BlobAccount account) => await TestVhds.OsDiskAsync(account, OsType.Linux, generalized: false);

    private static object VmImageBody(string name, string osDisk, string family, string version, bool excludeFromLatest = false) => new
    {
        name, imageFamily = family, version, excludeFromLatest,
        osDiskConfiguration = new { mediaLink = osDisk, os = "Linux", osState = "Specialized" },
    };

    /// <summary>A specialized Linux VM image from a fresh blob, as a version of <paramref name="family"/>.</summary>
    private async Task<string> RegisterAsync(string family, string version, bool excludeFromLatest = false, BlobAccount? account = null)
    {
        var name = ApiClient.UniqueName("img");
        using var response = await _http.PostJsonAsync(Images, VmImageBody(name, (await OsDiskAsync(account ?? West)).AbsoluteUri, family, version, excludeFromLatest));
        var image = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal((family, version, excludeFromLatest), (image.S("imageFamily"), image.S("version"), image.GetProperty("excludeFromLatest").GetBoolean()));
        return name;
    }
}
