using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.Core.Storage;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Api;

/// <summary>The image routes over HTTP: every route's happy path, each error code it can answer, and the JSON details scripts rely on.</summary>
[Collection(typeof(ApiPortal))]
public sealed class ImageApiTests(PortalApp app)
{
    private const string Images = "/api/images";
    private readonly HttpClient _http = app.CreateClient(PortalRoles.Operator);
    private BlobAccounts Accounts => app.Services.GetRequiredService<BlobAccounts>();
    private BlobAccount West => Accounts.All.Single(a => a.Location == "West US");
    private BlobAccount East => Accounts.All.Single(a => a.Location == "East US");

    [Fact]
    public async Task The_list_has_OS_images_first_and_only_VM_images_carry_dataDiskConfigurations()
    {
        var vmImage = await RegisterVmImageAsync([]);

        var list = await _http.GetJsonAsync($"{Images}?take=1000");

        var items = list.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, list.GetProperty("total").GetInt32());
        var kinds = items.Select(i => i.S("kind")).ToList();
        Assert.Equal(kinds.OrderBy(k => k == "OSImage" ? 0 : 1), kinds);
        foreach (var os in items.Where(i => i.S("kind") == "OSImage"))
            Assert.False(os.TryGetProperty("dataDiskConfigurations", out _), $"{os.S("name")} must not carry dataDiskConfigurations at all");
        var vm = items.Single(i => i.S("name") == vmImage);
        Assert.Equal(JsonValueKind.Array, vm.GetProperty("dataDiskConfigurations").ValueKind);
        Assert.Equal(0, vm.GetProperty("dataDiskConfigurations").GetArrayLength());
        var ubuntu = items.Single(i => i.S("name") == "Ubuntu-Server-14.04-LTS");
        Assert.Equal(JsonValueKind.Null, ubuntu.GetProperty("location").ValueKind);
        Assert.Equal(6, ubuntu.GetProperty("locations").GetArrayLength());
        Assert.Equal(("Public", "Generalized", "Ready"), (ubuntu.S("category"), ubuntu.S("osState"), ubuntu.S("state")));
        Assert.Equal("Linux", ubuntu.GetProperty("osDiskConfiguration").S("os"));
    }

    [Fact]
    public async Task Paging_and_filters_work_over_HTTP_and_an_unknown_filter_is_400()
    {
        var vmImage = await RegisterVmImageAsync([0]);

        var firstTwo = await _http.GetJsonAsync($"{Images}?skip=0&take=2");
        var vmOnly = await NamesAsync($"kind=VMImage&location=West%20US&search={vmImage}");
        var east = await _http.GetJsonAsync($"{Images}?location=East%20US&search=CentOS&take=1000");
        using var bad = await _http.GetAsync($"{Images}?kind=Snapshot");

        Assert.Equal(2, firstTwo.GetProperty("items").GetArrayLength());
        Assert.True(firstTwo.GetProperty("total").GetInt32() >= 6);
        Assert.Equal([vmImage], vmOnly);
        Assert.Equal("East US", east.GetProperty("items")[0].GetProperty("osDiskConfiguration").S("location"));
        await bad.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "kind");
    }

    [Fact]
    public async Task One_image_answers_with_allocated_bytes_and_lineage_and_an_unknown_one_is_404()
    {
        var name = await RegisterVmImageAsync([2]);

        var image = await _http.GetJsonAsync($"{Images}/{name.ToUpperInvariant()}");
        using var missing = await _http.GetAsync($"{Images}/no-such-image");

        Assert.Equal(name, image.S("name"));
        Assert.True(image.GetProperty("osDiskConfiguration").GetProperty("allocatedBytes").GetInt64() > 0);
        Assert.Equal(2, image.GetProperty("dataDiskConfigurations")[0].GetProperty("lun").GetInt32());
        Assert.Equal(0, image.GetProperty("deployedVms").GetArrayLength());
        Assert.Equal(0, image.GetProperty("deployedVmCount").GetInt32());
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task PATCH_changes_metadata_and_refuses_what_never_changes()
    {
        var name = await RegisterVmImageAsync([0]);

        using var ok = await _http.PatchAsJsonAsync($"{Images}/{name}", new
        {
            label = "Renamed label", recommendedVmSize = "Large", showInGallery = false,
            osDiskConfiguration = new { hostCaching = "ReadOnly" }, dataDiskConfigurations = new[] { new { lun = 0, hostCaching = "ReadWrite" } },
        });
        using var osState = await _http.PatchAsJsonAsync($"{Images}/{name}", new { osState = "Generalized" });
        using var caching = await _http.PatchAsJsonAsync($"{Images}/{name}", new { osDiskConfiguration = new { hostCaching = "None" } });
        using var size = await _http.PatchAsJsonAsync($"{Images}/{name}", new { recommendedVmSize = "Gigantic" });
        using var publicImage = await _http.PatchAsJsonAsync($"{Images}/CentOS-6.5", new { label = "mine" });
        using var missing = await _http.PatchAsJsonAsync($"{Images}/no-such-image", new { label = "x" });

        var updated = await ok.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Renamed label", "Large", false), (updated.S("label"), updated.S("recommendedVmSize"), updated.GetProperty("showInGallery").GetBoolean()));
        Assert.Equal("ReadOnly", updated.GetProperty("osDiskConfiguration").S("hostCaching"));
        Assert.Equal("ReadWrite", updated.GetProperty("dataDiskConfigurations")[0].S("hostCaching"));
        var problem = await osState.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "osState");
        Assert.Contains("never changes", problem.S("detail"));
        await caching.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidHostCaching", "osDiskConfiguration.hostCaching");
        await size.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "recommendedVmSize");
        await publicImage.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Equal("Specialized", (await _http.GetJsonAsync($"{Images}/{name}")).S("osState"));
    }

    [Fact]
    public async Task DELETE_moves_the_image_to_the_recycle_bin_restore_brings_it_back_and_purge_removes_image_and_blobs()
    {
        var name = await RegisterVmImageAsync([1]);
        var image = await _http.GetJsonAsync($"{Images}/{name}");
        var osBlob = new Uri(image.GetProperty("osDiskConfiguration").S("mediaLink"));

        using var response = await _http.DeleteAsync($"{Images}/{name}?deleteVhds=true");

        var operation = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/operations/{operation.S("id")}", response.Headers.Location?.ToString());
        Assert.Equal(("DeleteImage", $"images/{name}"), (operation.S("kind"), operation.S("target")));
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, operation.S("id"))).S("status"));
        var binned = await _http.GetJsonAsync($"{Images}/{name}");
        Assert.Equal(binned.GetProperty("deletedTime").GetDateTimeOffset().AddDays(7), binned.GetProperty("purgeAt").GetDateTimeOffset());
        Assert.DoesNotContain(name, await NamesAsync("kind=VMImage"));
        Assert.Contains(name, await NamesAsync("deleted=true"));
        Assert.True(await app.Services.GetRequiredService<DiskStore>().Resolve(osBlob).Blob.ExistsAsync());
        using var deploy = await _http.PostJsonAsync("/api/cloud-services/bin-deploy/vms",
            new { name = "vm1", imageName = name, instanceSize = "Small", location = "West US" });
        await deploy.AssertProblemAsync(HttpStatusCode.Conflict, "ImageDeleted");

        using var restore = await _http.PostAsync($"{Images}/{name}/restore", null);
        var restored = await restore.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, restored.GetProperty("deletedTime").ValueKind);
        Assert.Contains(name, await NamesAsync("kind=VMImage"));

        using var purge = await _http.DeleteAsync($"{Images}/{name}?purge=true&deleteVhds=true");
        var purging = await purge.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal("PurgeImage", purging.S("kind"));
        Assert.Equal("Succeeded", (await OperationPolling.UntilFinishedAsync(_http, purging.S("id"))).S("status"));
        using var gone = await _http.GetAsync($"{Images}/{name}");
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.False(await app.Services.GetRequiredService<DiskStore>().Resolve(osBlob).Blob.ExistsAsync());
    }

    [Fact]
    public async Task A_protected_image_is_409_ImageProtected_on_DELETE_and_on_purge()
    {
        var name = await RegisterVmImageAsync([]);
        using var protect = await _http.PatchAsJsonAsync($"{Images}/{name}", new { @protected = true });
        Assert.True((await protect.JsonAsync(HttpStatusCode.OK)).GetProperty("protected").GetBoolean());

        using var delete = await _http.DeleteAsync($"{Images}/{name}");
        using var purge = await _http.DeleteAsync($"{Images}/{name}?purge=true&deleteVhds=true");

        await delete.AssertProblemAsync(HttpStatusCode.Conflict, "ImageProtected");
        await purge.AssertProblemAsync(HttpStatusCode.Conflict, "ImageProtected");
        Assert.Contains(name, await NamesAsync("kind=VMImage"));
    }

    [Fact]
    public async Task PATCH_lifecycle_a_deprecated_image_deploys_with_warnings_and_an_obsolete_one_is_409_ImageObsolete_naming_its_replacement()
    {
        var old = await RegisterVmImageAsync([]);
        var next = await RegisterVmImageAsync([]);
        var now = DateTimeOffset.UtcNow;

        using var deprecate = await _http.PatchAsJsonAsync($"{Images}/{old}",
            new { lifecycle = new { deprecateAt = now.AddHours(-1), obsoleteAt = now.AddDays(30), replacement = next } });
        var lifecycle = (await deprecate.JsonAsync(HttpStatusCode.OK)).GetProperty("lifecycle");
        Assert.Equal(("Deprecated", next), (lifecycle.S("state"), lifecycle.S("replacement")));
        using var deployed = await _http.PostJsonAsync($"/api/cloud-services/{ApiClient.UniqueName("dep")}/vms",
            new { name = "vm1", imageName = old, instanceSize = "Small", location = "West US" });
        var operation = await deployed.JsonAsync(HttpStatusCode.Accepted);
        var warning = Assert.Single(operation.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.Contains($"use {next}", warning);
        var finished = await OperationPolling.UntilFinishedAsync(_http, operation.S("id"));
        Assert.Equal(("Succeeded", warning), (finished.S("status"), finished.GetProperty("warnings")[0].GetString()));

        using var obsolete = await _http.PatchAsJsonAsync($"{Images}/{old}",
            new { lifecycle = new { deprecateAt = now.AddHours(-1), obsoleteAt = now.AddMinutes(-1), replacement = next } });
        Assert.Equal("Obsolete", (await obsolete.JsonAsync(HttpStatusCode.OK)).GetProperty("lifecycle").S("state"));
        using var refused = await _http.PostJsonAsync($"/api/cloud-services/{ApiClient.UniqueName("obs")}/vms",
            new { name = "vm1", imageName = old, instanceSize = "Small", location = "West US" });
        var problem = await refused.AssertProblemAsync(HttpStatusCode.Conflict, "ImageObsolete", "imageName");
        Assert.Contains(next, problem.S("detail"));
        using var backwards = await _http.PatchAsJsonAsync($"{Images}/{old}", new { lifecycle = new { deprecateAt = now, obsoleteAt = now.AddDays(-1) } });
        await backwards.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "lifecycle.obsoleteAt");
    }

    [Fact]
    public async Task PATCH_tags_replaces_them_and_tag_filters_the_list_all_matching()
    {
        var web = await RegisterVmImageAsync([]);
        var db = await RegisterVmImageAsync([]);
        var marker = ApiClient.UniqueName("t");

        using var tagWeb = await _http.PatchAsJsonAsync($"{Images}/{web}", new { tags = new Dictionary<string, string> { [marker] = "web", ["env"] = "prod" } });
        using var tagDb = await _http.PatchAsJsonAsync($"{Images}/{db}", new { tags = new Dictionary<string, string> { [marker] = "db" } });
        using var tooMany = await _http.PatchAsJsonAsync($"{Images}/{db}", new { tags = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", _ => "") });

        Assert.Equal("web", (await tagWeb.JsonAsync(HttpStatusCode.OK)).GetProperty("tags").S(marker));
        await tagDb.JsonAsync(HttpStatusCode.OK);
        await tooMany.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidTag", "tags");
        Assert.Equal(new[] { db, web }.Order(StringComparer.Ordinal), (await NamesAsync($"tag={marker}")).Order(StringComparer.Ordinal));
        Assert.Equal([web], await NamesAsync($"tag={marker}:web&tag=env:prod"));
        Assert.Empty(await NamesAsync($"tag={marker}:db&tag=env:prod"));
    }

    [Fact]
    public async Task DELETE_is_409_ImageInUse_while_an_operation_uses_the_image_403_for_public_images_and_404_for_unknown_ones()
    {
        var name = await RegisterVmImageAsync([]);
        await using (var db = await app.DbAsync())
        {
            // A deploy some other portal instance holds the lease on.
            db.Operations.Add(new Operation
            {
                Id = Guid.NewGuid(), Kind = "DeployVm", Target = "cloud-services/x/vms/y", Status = OperationStatus.InProgress, ImageName = name,
                LeaseOwner = "elsewhere", LeaseExpires = DateTimeOffset.UtcNow.AddHours(1), CreatedTime = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        using var inUse = await _http.DeleteAsync($"{Images}/{name}?deleteVhds=true");
        using var publicImage = await _http.DeleteAsync($"{Images}/CentOS-6.5");
        using var missing = await _http.DeleteAsync($"{Images}/no-such-image");

        await inUse.AssertProblemAsync(HttpStatusCode.Conflict, "ImageInUse");
        await publicImage.AssertProblemAsync(HttpStatusCode.Forbidden, "Forbidden");
        await missing.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        Assert.Contains(name, await NamesAsync("kind=VMImage"));
    }

    [Fact]
    public async Task POST_images_registers_a_VM_image_201_with_Location()
    {
        var name = ApiClient.UniqueName("reg");
        var os = await TestVhds.OsDiskAsync(West, OsType.Windows, generalized: true);
        var data = await TestVhds.DataDiskAsync(West);

        using var response = await _http.PostJsonAsync(Images, new
        {
            name, label = "Registered",
            osDiskConfiguration = new { mediaLink = os.AbsoluteUri, os = "Windows", osState = "Generalized" },
            dataDiskConfigurations = new[] { new { mediaLink = data.AbsoluteUri, lun = 3, hostCaching = "ReadOnly" } },
        });

        var image = await response.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/images/{name}", response.Headers.Location?.ToString());
        Assert.Equal(("VMImage", "User", "West US", "Registered"), (image.S("kind"), image.S("category"), image.S("location"), image.S("label")));
        Assert.Equal(1, image.GetProperty("dataDiskConfigurations")[0].GetProperty("logicalSizeInGb").GetInt32());
        Assert.Equal(name, (await _http.GetJsonAsync($"{Images}/{name}")).S("name"));
    }

    [Fact]
    public async Task POST_images_refusals_answer_their_codes_and_register_nothing()
    {
        var os = (await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: false)).AbsoluteUri;
        var data = (await TestVhds.DataDiskAsync(West)).AbsoluteUri;
        var eastData = (await TestVhds.DataDiskAsync(East)).AbsoluteUri;
        var dynamic = (await TestVhds.DamagedAsync(West, "dynamic")).AbsoluteUri;
        var vmDisk = await AddVmDiskAsync();
        object Body(string name, string osLink, string osState = "Specialized", object[]? disks = null) => new
        {
            name, osDiskConfiguration = new { mediaLink = osLink, os = "Linux", osState }, dataDiskConfigurations = disks ?? [],
        };

        var cases = new (object Body, HttpStatusCode Status, string Code, string Field)[]
        {
            (Body("x", os), HttpStatusCode.BadRequest, "InvalidName", "name"),
            (Body("ok-name", os, "Frozen"), HttpStatusCode.BadRequest, "ValidationFailed", "osDiskConfiguration.osState"),
            (Body("ok-name", "https://elsewhere.example/vhds/a.vhd"), HttpStatusCode.BadRequest, "ValidationFailed", "osDiskConfiguration.mediaLink"),
            (Body("ok-name", os, disks: [new { mediaLink = data, lun = 70 }]), HttpStatusCode.BadRequest, "InvalidLun", "dataDiskConfigurations[0].lun"),
            (Body("ok-name", os, disks: [new { mediaLink = data, lun = 0, hostCaching = "Sometimes" }]), HttpStatusCode.BadRequest, "InvalidHostCaching", "dataDiskConfigurations[0].hostCaching"),
            (Body("ok-name", West.Vhds.GetBlobClient("missing.vhd").Uri.AbsoluteUri), HttpStatusCode.NotFound, "NotFound", "osDiskConfiguration.mediaLink"),
            (Body("ubuntu-server-14.04-lts", os), HttpStatusCode.Conflict, "ImageNameConflict", "name"),
            (Body("ok-name", vmDisk), HttpStatusCode.Conflict, "DiskInUse", "osDiskConfiguration.mediaLink"),
            (Body("ok-name", os, disks: [new { mediaLink = eastData, lun = 0 }]), HttpStatusCode.BadRequest, "LocationMismatch", "dataDiskConfigurations[0].mediaLink"),
            (Body("ok-name", os, disks: [new { mediaLink = dynamic, lun = 0 }]), HttpStatusCode.BadRequest, "InvalidVhd", "dataDiskConfigurations[0].mediaLink"),
            (Body("ok-name", data), HttpStatusCode.BadRequest, "InvalidVhd", "osDiskConfiguration.mediaLink"),
            (Body("ok-name", os, "Generalized"), HttpStatusCode.BadRequest, "ValidationFailed", "osDiskConfiguration.osState"),
        };

        foreach (var (body, status, code, field) in cases)
        {
            using var response = await _http.PostJsonAsync(Images, body);
            await response.AssertProblemAsync(status, code, field);
        }
        Assert.DoesNotContain("ok-name", await _http.NamesAsync(Images));
        await app.DeleteBlobsAsync(new[] { os, data, eastData, dynamic }.Select(link => new Uri(link)));
    }

    [Fact]
    public async Task POST_os_images_registers_a_generalized_blob_and_refuses_a_specialized_one()
    {
        var name = ApiClient.UniqueName("osimg");
        var generalized = await TestVhds.OsDiskAsync(East, OsType.Linux, generalized: true);
        var specialized = await TestVhds.OsDiskAsync(East, OsType.Linux, generalized: false);

        using var created = await _http.PostJsonAsync("/api/os-images", new { name, mediaLink = generalized.AbsoluteUri, os = "Linux" });
        using var refused = await _http.PostJsonAsync("/api/os-images", new { name = name + "-s", mediaLink = specialized.AbsoluteUri, os = "Linux" });

        var image = await created.JsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/api/images/{name}", created.Headers.Location?.ToString());
        Assert.Equal(("OSImage", "East US", "Generalized"), (image.S("kind"), image.S("location"), image.S("osState")));
        Assert.False(image.TryGetProperty("dataDiskConfigurations", out _));
        await refused.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "mediaLink");
        await app.DeleteBlobsAsync(specialized);
    }

    /// <summary>Names on the filtered list, read with the largest page so other tests' images never hide ours.</summary>
    private async Task<List<string>> NamesAsync(string query) =>
        (await _http.GetJsonAsync($"{Images}?{query}&take=1000")).GetProperty("items").EnumerateArray().Select(i => i.S("name")).ToList();

    /// <summary>A VM image registered from fresh blobs in West US: a specialized Linux OS disk and data disks at the LUNs given.</summary>
    private async Task<string> RegisterVmImageAsync(int[] luns)
    {
        var name = ApiClient.UniqueName("vmimg");
        var os = await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: false);
        var disks = new List<object>();
        foreach (var lun in luns) disks.Add(new { mediaLink = (await TestVhds.DataDiskAsync(West)).AbsoluteUri, lun });
        using var response = await _http.PostJsonAsync(Images, new
        {
            name, osDiskConfiguration = new { mediaLink = os.AbsoluteUri, os = "Linux", osState = "Specialized" }, dataDiskConfigurations = disks,
        });
        await response.JsonAsync(HttpStatusCode.Created);
        return name;
    }

    /// <summary>The OS disk blob of a fresh demo VM.</summary>
    private async Task<string> AddVmDiskAsync()
    {
        var service = ApiClient.UniqueName("img");
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", "vm1", "Ubuntu-Server-14.04-LTS", "Small", VmStatus.StoppedDeallocated, "opsadmin", []));
        await using var db = await app.DbAsync();
        return await db.Disks.Where(d => d.VirtualMachine!.CloudService!.Name == service && d.Lun == null).Select(d => d.MediaLink).SingleAsync();
    }
}
