using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Infrastructure;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Api;

/// <summary>The VM routes of API.md over HTTP: reads, power actions, resize, data disks, delete, and their refusals.</summary>
public sealed class VmApiTests(PortalApp app) : IClassFixture<PortalApp>
{
    private readonly HttpClient _http = app.AdminClient();

    [Fact]
    public async Task A_VM_reads_with_its_disks_and_its_guest()
    {
        var (service, path) = await AddVmAsync("web1", OsType.Windows, [0, 5]);

        var vm = await _http.GetJsonAsync(path);

        Assert.Equal(("web1", service, "West US", "Windows", "ReadyRole", "Started", true),
            (vm.S("name"), vm.S("serviceName"), vm.S("location"), vm.S("os"), vm.S("status"), vm.S("powerState"), vm.GetProperty("guestReady").GetBoolean()));
        var os = vm.GetProperty("osDisk");
        Assert.Equal("Windows", os.S("os"));
        Assert.Equal(127, os.GetProperty("logicalSizeInGb").GetInt32());
        Assert.True(os.GetProperty("allocatedBytes").GetInt64() >= 1024 * 1024);
        Assert.Equal(service, os.GetProperty("attachedTo").S("serviceName"));
        Assert.Equal([0, 5], vm.GetProperty("dataDisks").EnumerateArray().Select(d => d.GetProperty("lun").GetInt32()));
        var guest = vm.GetProperty("guest");
        Assert.Equal("web1", guest.S("computerName"));
        Assert.True(guest.GetProperty("provisioned").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, guest.GetProperty("machineId").ValueKind);
    }

    [Fact]
    public async Task An_unknown_VM_is_a_404_problem()
    {
        using var response = await _http.GetAsync("/api/cloud-services/nowhere/vms/ghost");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task Stop_with_an_empty_body_then_start_walk_the_VM_through_its_statuses()
    {
        var (_, path) = await AddVmAsync("pw1");

        using var stop = await _http.PostAsync($"{path}/stop", null);
        var stopped = await FinishAsync(stop);
        Assert.Equal("StoppedVM", (await _http.GetJsonAsync(path)).S("status"));
        using var dealloc = await _http.PostJsonAsync($"{path}/stop", new { deallocate = true });
        await FinishAsync(dealloc);
        Assert.Equal("StoppedDeallocated", (await _http.GetJsonAsync(path)).S("status"));
        using var start = await _http.PostAsync($"{path}/start", null);
        await FinishAsync(start);

        Assert.Equal("StopVM", stopped.S("kind"));
        var vm = await WaitForStatusAsync(path, "ReadyRole");
        Assert.Equal(2u, vm.GetProperty("guest").GetProperty("bootCount").GetUInt32());
    }

    [Fact]
    public async Task A_second_action_while_one_runs_is_409_VmBusy_and_queues_nothing()
    {
        var (_, path) = await AddVmAsync("busy1");
        using var first = await _http.PostAsync($"{path}/restart", null);
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var operationsBefore = (await _http.GetJsonAsync("/api/operations?take=1000")).GetProperty("total").GetInt32();

        using var second = await _http.PostAsync($"{path}/stop", null);

        await second.AssertProblemAsync(HttpStatusCode.Conflict, "VmBusy");
        Assert.Equal(operationsBefore, (await _http.GetJsonAsync("/api/operations?take=1000")).GetProperty("total").GetInt32());
        await FinishAsync(first);
    }

    [Fact]
    public async Task Resize_refuses_an_unknown_size_and_one_too_small_for_the_data_disks()
    {
        var (_, path) = await AddVmAsync("rs1", dataDisks: [0, 1]);

        using var unknown = await _http.PatchAsJsonAsync(path, new { instanceSize = "Gigantic" });
        using var tooSmall = await _http.PatchAsJsonAsync(path, new { instanceSize = "ExtraSmall" });
        using var fine = await _http.PatchAsJsonAsync(path, new { instanceSize = "Large" });

        await unknown.AssertProblemAsync(HttpStatusCode.BadRequest, "ValidationFailed", "instanceSize");
        await tooSmall.AssertProblemAsync(HttpStatusCode.BadRequest, "InstanceSizeTooSmall");
        await FinishAsync(fine);
        Assert.Equal("Large", (await _http.GetJsonAsync(path)).S("instanceSize"));
    }

    [Theory]
    [InlineData("""{"lun":64,"sizeInGb":10}""", HttpStatusCode.BadRequest, "InvalidLun")]
    [InlineData("""{"lun":3,"sizeInGb":2000}""", HttpStatusCode.BadRequest, "InvalidSize")]
    [InlineData("""{"lun":3,"sizeInGb":10,"hostCaching":"Fast"}""", HttpStatusCode.BadRequest, "InvalidHostCaching")]
    [InlineData("""{"sizeInGb":10}""", HttpStatusCode.BadRequest, "ValidationFailed")]
    [InlineData("""{"lun":0,"sizeInGb":10}""", HttpStatusCode.Conflict, "LunInUse")]
    [InlineData("""{"lun":3,"diskName":"no-such-disk"}""", HttpStatusCode.NotFound, "NotFound")]
    public async Task A_bad_attach_is_refused_with_its_code(string body, HttpStatusCode status, string code)
    {
        var (_, path) = await AddVmAsync("att1", dataDisks: [0]);

        using var response = await _http.PostRawAsync($"{path}/data-disks", body);

        await response.AssertProblemAsync(status, code);
        Assert.Single((await _http.GetJsonAsync(path)).GetProperty("dataDisks").EnumerateArray());
    }

    [Fact]
    public async Task A_data_disk_attaches_and_detaches_with_its_blob()
    {
        var (_, path) = await AddVmAsync("att2");

        using var attach = await _http.PostJsonAsync($"{path}/data-disks", new { lun = 4, sizeInGb = 10, hostCaching = "ReadOnly" });
        await FinishAsync(attach);
        var disk = (await _http.GetJsonAsync(path)).GetProperty("dataDisks").EnumerateArray().Single();
        using var detach = await _http.DeleteAsync($"{path}/data-disks/4?deleteVhd=true");
        await FinishAsync(detach);

        Assert.Equal(("ReadOnly", 10), (disk.S("hostCaching"), disk.GetProperty("logicalSizeInGb").GetInt32()));
        Assert.Empty((await _http.GetJsonAsync(path)).GetProperty("dataDisks").EnumerateArray());
        Assert.DoesNotContain(disk.S("name"), await _http.NamesAsync("/api/disks"));
    }

    [Fact]
    public async Task Generalize_then_delete_keeping_disks_leaves_them_unattached()
    {
        var (_, path) = await AddVmAsync("gen1", OsType.Linux, [2]);
        var disks = (await _http.GetJsonAsync(path)).GetProperty("dataDisks").EnumerateArray().Select(d => d.S("name")).ToList();

        using var generalize = await _http.PostAsync($"{path}/generalize", null);
        await FinishAsync(generalize);
        var guest = (await _http.GetJsonAsync(path)).GetProperty("guest");
        using var delete = await _http.DeleteAsync(path);
        await FinishAsync(delete);

        Assert.True(guest.GetProperty("generalized").GetBoolean());
        Assert.Equal(JsonValueKind.Null, guest.GetProperty("machineId").ValueKind);
        using var gone = await _http.GetAsync(path);
        await gone.AssertProblemAsync(HttpStatusCode.NotFound, "NotFound");
        var listed = (await _http.GetJsonAsync("/api/disks?take=1000")).GetProperty("items").EnumerateArray().Single(d => d.S("name") == disks[0]);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("attachedTo").ValueKind);
    }

    private async Task<(string Service, string Path)> AddVmAsync(string name, OsType os = OsType.Linux, int[]? dataDisks = null)
    {
        var service = ApiClient.UniqueName("svc");
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", name, os == OsType.Windows ? "Windows-Server-2012-R2-Datacenter" : "Ubuntu-Server-14.04-LTS",
            "Medium", VmStatus.ReadyRole, "opsadmin", (dataDisks ?? []).Select(l => new DemoData.DemoDisk(l, 10, HostCaching.None)).ToList()));
        return (service, $"/api/cloud-services/{service}/vms/{name}");
    }

    /// <summary>A 202 with Location and the operation, followed to success.</summary>
    private async Task<JsonElement> FinishAsync(HttpResponseMessage accepted)
    {
        var operation = await accepted.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/operations/{operation.S("id")}", accepted.Headers.Location?.OriginalString);
        Assert.Equal("InProgress", operation.S("status"));
        var done = await OperationPolling.UntilFinishedAsync(_http, operation.S("id"));
        Assert.True(done.S("status") == "Succeeded", done.ToString());
        return done;
    }

    private Task<JsonElement> WaitForStatusAsync(string path, string status) =>
        OperationWaits.WaitUntilAsync(() => _http.GetJsonAsync(path), vm => vm.S("status") == status, $"{path} to reach {status}");
}

internal static class JsonShortcuts
{
    public static string S(this JsonElement e, string property) => e.GetProperty(property).GetString()!;
}
