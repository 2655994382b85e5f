using System.Net;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Seeding;
using VmPortal.Core.Storage;
using VmPortal.Core.StorageHealth;
using VmPortal.E2E.Tests.Api;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Security;

/// <summary>
/// Issue 14's holes, each reproduced over HTTP against the real portal exactly as it was reported. Every test here failed
/// on the code before the fix; the codes are spelled as strings, as a client reads them.
/// </summary>
public sealed class ReportedHoleTests(ReportedHoleTests.HoleApp app) : IClassFixture<ReportedHoleTests.HoleApp>
{
    /// <summary>Hole 9 deletes a VM's and an image's blobs by hand: what it leaves are missing blobs, on purpose.</summary>
    public sealed class HoleApp : PortalApp
    {
        protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } = new HashSet<StorageProblemKind> { StorageProblemKind.MissingBlob };
    }

    private readonly HttpClient _http = app.AdminClient();
    private BlobAccount West => app.Services.GetRequiredService<BlobAccounts>().All.Single(a => a.Location == "West US");

    private static object LinuxDeploy(string name) => new
    {
        name, imageName = "CentOS-6.5", instanceSize = "Small", location = "West US",
        provisioning = new { computerName = "host1", adminUserName = "opsadmin", adminPassword = "Passw0rd!" },
    };

    [Fact]
    public async Task Hole_1_a_NUL_in_a_cloud_service_or_VM_name_is_InvalidName_and_nothing_is_created()
    {
        var service = ApiClient.UniqueName("nul");

        using var cloudService = await _http.PostJsonAsync("/api/cloud-services", new { name = "sec\u0000x", location = "West US" });
        using var vm = await _http.PostJsonAsync($"/api/cloud-services/{service}/vms", LinuxDeploy("a\u0000b"));

        var refused = await cloudService.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidName", "name");
        Assert.Contains("\\u0000", refused.S("detail")); // named, escaped — the message never carries the character itself
        Assert.DoesNotContain('\0', refused.S("detail"));
        await vm.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidName", "name");
        await using var db = await app.DbAsync();
        Assert.DoesNotContain(await db.CloudServices.Select(c => c.Name).ToListAsync(), n => n.StartsWith("sec", StringComparison.Ordinal) || n == service);
        Assert.DoesNotContain(await db.VirtualMachines.Select(v => v.Name).ToListAsync(), n => n.Contains('\0'));
        // Azurite's listing still answers (a NUL blob name made it answer 500 from then on).
        await foreach (var blob in West.Vhds.GetBlobsAsync()) Assert.DoesNotContain('\0', blob.Name);
    }

    [Fact]
    public async Task Hole_2_a_trailing_newline_is_no_image_name_and_no_capture_plans_a_blob_with_one()
    {
        var disk = await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: true);
        var path = await AddVmAsync("nl1");

        using var register = await _http.PostJsonAsync("/api/os-images", new { name = "CentOS-6.5\n", mediaLink = disk.AbsoluteUri, os = "Linux" });
        using var preview = await _http.PostJsonAsync($"{path}/capture/preview", new { osState = "Specialized", imageName = "cap\n" });

        await register.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidName", "name");
        var plan = await preview.JsonAsync(HttpStatusCode.OK);
        Assert.Contains(plan.GetProperty("blockers").EnumerateArray(), b => b.S("code") == "InvalidName");
        Assert.All(plan.GetProperty("copies").EnumerateArray(), c => Assert.DoesNotContain('\n', c.S("blobName")));
        var names = await _http.NamesAsync("/api/images");
        Assert.Single(names, n => n.StartsWith("CentOS-6.5", StringComparison.OrdinalIgnoreCase));
        await app.DeleteBlobsAsync(disk);
    }

    [Fact]
    public async Task Hole_3_a_body_naming_a_member_twice_is_InvalidRequest_before_anything_runs_and_the_refusal_is_audited()
    {
        var first = ApiClient.UniqueName("dup");
        var second = ApiClient.UniqueName("dup");
        var path = await AddVmAsync("dup1");

        using var create = await _http.PostRawAsync("/api/cloud-services", $$"""{"name":"{{first}}","name":"{{second}}","location":"West US"}""");
        using var cased = await _http.PostRawAsync("/api/cloud-services", $$"""{"name":"{{first}}","NAME":"{{second}}","location":"West US"}""");
        // A route that reads no body at all still refuses one it cannot trust.
        using var start = await _http.PostRawAsync($"{path}/stop", """{"deallocate":true,"deallocate":false}""");
        using var secret = await _http.PostRawAsync($"/api/cloud-services/{first}/vms",
            """{"name":"v1","provisioning":{"adminPassword":"Hidden-Pa55!","adminPassword":"Other-Pa55!"}}""");

        await create.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidRequest", "name");
        await cased.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidRequest");
        await start.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidRequest", "deallocate");
        await secret.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidRequest", "provisioning.adminPassword");
        await using var db = await app.DbAsync();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == first || c.Name == second));
        Assert.False(await db.Operations.AnyAsync(o => o.Kind == OperationKinds.StopVm && o.Target.Contains("dup1")));
        var refusals = await db.AuditEntries.AsNoTracking().Where(e => e.Code == "InvalidRequest").ToListAsync();
        Assert.Contains(refusals, e => e.Action == "CreateCloudService" && e.Outcome == AuditOutcome.Refused && e.Detail!.Contains(second));
        Assert.Contains(refusals, e => e.Action == "StopVM" && e.Outcome == AuditOutcome.Refused);
        var deploy = Assert.Single(refusals, e => e.Action == "DeployVM");
        Assert.DoesNotContain("Pa55", deploy.Detail);
    }

    [Fact]
    public async Task Hole_4_a_block_blob_is_InvalidVhd_naming_its_blob_type()
    {
        var blob = West.Vhds.GetBlobClient(TestVhds.UniqueBlobName("block"));
        // A perfect fixed VHD's bytes, uploaded as a block blob.
        var bytes = new byte[VhdFooter.MiB + VhdFooter.Size];
        VhdFooter.ForFixedDisk(VhdFooter.MiB).ToBytes().CopyTo(bytes, VhdFooter.MiB);
        await blob.UploadAsync(new BinaryData(bytes));
        Assert.Equal(BlobType.Block, (await blob.GetPropertiesAsync()).Value.BlobType);
        var name = ApiClient.UniqueName("blocky");

        using var register = await _http.PostJsonAsync("/api/os-images", new { name, mediaLink = blob.Uri.AbsoluteUri, os = "Linux" });

        var problem = await register.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidVhd", "mediaLink");
        Assert.Contains("BlockBlob", problem.S("detail"));
        Assert.DoesNotContain(name, await _http.NamesAsync("/api/images"));
        await blob.DeleteAsync();
    }

    [Fact]
    public async Task Hole_6_a_cloud_service_named_in_another_case_is_the_same_one_on_every_route()
    {
        var service = ApiClient.UniqueName("mysvc");
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", "myVM1", "Ubuntu-Server-14.04-LTS", "Small", VmStatus.ReadyRole, "opsadmin", []));
        var shouted = service.ToUpperInvariant()[..2] + service[2..];

        var vm = await _http.GetJsonAsync($"/api/cloud-services/{shouted}/vms/myVM1");
        var vmInOtherCase = await _http.GetJsonAsync($"/api/cloud-services/{shouted}/vms/MYVM1");
        var listed = await _http.GetJsonAsync($"/api/vms?service={shouted}");
        var one = await _http.GetJsonAsync($"/api/cloud-services/{shouted}");
        using var stop = await _http.PostAsync($"/api/cloud-services/{shouted}/vms/myvm1/stop", null);

        Assert.Equal((service, "myVM1"), (vm.S("serviceName"), vm.S("name")));
        Assert.Equal("myVM1", vmInOtherCase.S("name"));
        Assert.Equal(["myVM1"], listed.GetProperty("items").EnumerateArray().Select(i => i.S("name")));
        Assert.Equal(service, one.S("name"));
        var operation = await stop.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal($"cloud-services/{service}/vms/myVM1", operation.S("target"));
        // Cloud service names are lowercase (R28): the name in another case is refused, never made a second service.
        using var again = await _http.PostJsonAsync("/api/cloud-services", new { name = shouted, location = "West US" });
        await again.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidName", "name");
    }

    [Fact]
    public async Task Hole_9_a_VM_and_an_image_whose_blob_was_deleted_by_hand_read_as_such_and_refuse_what_needs_the_blob()
    {
        var path = await AddVmAsync("gone1");
        var before = await _http.GetJsonAsync(path);
        Assert.False(before.GetProperty("blobMissing").GetBoolean());
        var osBlob = new Uri(before.GetProperty("osDisk").S("mediaLink"));
        var image = ApiClient.UniqueName("goneimg");
        var imageBlob = await TestVhds.OsDiskAsync(West, OsType.Linux, generalized: true);
        using (var registered = await _http.PostJsonAsync("/api/os-images", new { name = image, mediaLink = imageBlob.AbsoluteUri, os = "Linux" }))
            await registered.JsonAsync(HttpStatusCode.Created);

        await DeleteBlobAsync(osBlob);
        await DeleteBlobAsync(imageBlob);

        var vm = await _http.GetJsonAsync(path);
        Assert.True(vm.GetProperty("blobMissing").GetBoolean());
        Assert.True(vm.GetProperty("osDisk").GetProperty("blobMissing").GetBoolean());
        var disks = (await _http.GetJsonAsync("/api/disks?take=1000")).GetProperty("items").EnumerateArray();
        Assert.True(disks.Single(d => d.S("mediaLink") == osBlob.AbsoluteUri).GetProperty("blobMissing").GetBoolean());
        using var start = await _http.PostAsync($"{path}/restart", null);
        await start.AssertProblemAsync(HttpStatusCode.Conflict, "DiskBlobMissing");
        var gallery = await _http.GetJsonAsync($"/api/images/{image}");
        Assert.True(gallery.GetProperty("blobMissing").GetBoolean());
        Assert.True(gallery.GetProperty("osDiskConfiguration").GetProperty("blobMissing").GetBoolean());
        using var deploy = await _http.PostJsonAsync($"/api/cloud-services/{ApiClient.UniqueName("gone")}/vms",
            new { name = "v1", imageName = image, instanceSize = "Small", location = "West US", provisioning = new { computerName = "v1", adminUserName = "opsadmin", adminPassword = "Passw0rd!" } });
        await deploy.AssertProblemAsync(HttpStatusCode.Conflict, "DiskBlobMissing", "imageName");
        // What does not need the blob still works: the VM can be deleted.
        using var delete = await _http.DeleteAsync(path);
        var deleted = await OperationPolling.UntilFinishedAsync(_http, (await delete.JsonAsync(HttpStatusCode.Accepted)).S("id"));
        Assert.Equal("Succeeded", deleted.S("status"));
    }

    [Fact]
    public async Task Hole_10_a_reserved_admin_user_name_is_refused_with_a_clear_message()
    {
        foreach (var reserved in new[] { "root", "Administrator", "guest", "sql", "support_388945a0" })
        {
            using var response = await _http.PostJsonAsync($"/api/cloud-services/{ApiClient.UniqueName("res")}/vms", new
            {
                name = "v1", imageName = "CentOS-6.5", instanceSize = "Small", location = "West US",
                provisioning = new { computerName = "v1", adminUserName = reserved, adminPassword = "Passw0rd!" },
            });
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "InvalidName", "provisioning.adminUserName");
            Assert.Contains("reserved", problem.S("detail"));
        }
    }

    private async Task<string> AddVmAsync(string name)
    {
        var service = ApiClient.UniqueName("hole");
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", name, "Ubuntu-Server-14.04-LTS", "Small", VmStatus.ReadyRole, "opsadmin", []));
        return $"/api/cloud-services/{service}/vms/{name}";
    }

    private async Task DeleteBlobAsync(Uri blob)
    {
        var disk = app.Services.GetRequiredService<DiskStore>().Resolve(blob);
        Assert.True((await disk.Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots)).Value, $"{blob} was not there to delete");
    }
}
