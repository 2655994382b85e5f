using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Seeding;
using VmPortal.E2E.Tests.Infrastructure;

namespace VmPortal.E2E.Tests.Api;

/// <summary><c>POST …/capture</c> and its preview over HTTP: refusals answered synchronously, the capture as an operation.</summary>
public sealed class CaptureApiTests(FixedDayPortalApp app) : IClassFixture<FixedDayPortalApp>
{
    private readonly HttpClient _http = app.AdminClient();

    [Fact]
    public async Task A_specialized_capture_is_accepted_and_registers_the_image_with_every_disk()
    {
        var path = await AddVmAsync("cap1", [0, 1]);
        var image = ApiClient.UniqueName("img");

        using var response = await _http.PostJsonAsync($"{path}/capture", new { osState = "Specialized", imageName = image, imageLabel = "Nightly" });

        var operation = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(("CaptureVmImage", $"images/{image}"), (operation.S("kind"), operation.S("target")));
        var done = await OperationPolling.UntilFinishedAsync(_http, operation.S("id"));
        Assert.Equal("Succeeded", done.S("status"));
        await using var db = await app.DbAsync();
        var stored = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == image);
        Assert.Equal(("Nightly", ImageState.Ready, 3), (stored.Label, stored.State, stored.Disks.Count));
        Assert.Equal("ReadyRole", (await _http.GetJsonAsync(path)).S("status"));
    }

    [Fact]
    public async Task The_preview_names_the_blobs_and_the_warnings_without_changing_anything()
    {
        var path = await AddVmAsync("cap2", [3], OsType.Windows);

        using var response = await _http.PostJsonAsync($"{path}/capture/preview", new { osState = "Specialized", imageName = "preview-only" });

        var preview = await response.JsonAsync(HttpStatusCode.OK);
        var date = app.Clock.Today;
        Assert.Equal([$"preview-only-os-{date}.vhd", $"preview-only-datadisk-3-{date}.vhd"],
            preview.GetProperty("copies").EnumerateArray().Select(c => c.S("blobName")));
        Assert.Equal(["MemoryStateNotCaptured", "ShutDownForConsistency", "UnexpectedShutdownDialog"],
            preview.GetProperty("warnings").EnumerateArray().Select(w => w.S("code")));
        Assert.True(preview.GetProperty("canCapture").GetBoolean());
        await using var db = await app.DbAsync();
        Assert.False(await db.Images.AnyAsync(i => i.Name == "preview-only"));
    }

    [Theory]
    [InlineData("Generalized", "good-name", HttpStatusCode.Conflict, "VmNotStopped", null)]
    [InlineData("Specialized", "x", HttpStatusCode.BadRequest, "InvalidName", "imageName")]
    [InlineData("Frozen", "good-name", HttpStatusCode.BadRequest, "ValidationFailed", "osState")]
    [InlineData("Specialized", "CENTOS-6.5", HttpStatusCode.Conflict, "ImageNameConflict", "imageName")]
    public async Task A_refused_capture_answers_at_once_and_changes_nothing(string osState, string imageName, HttpStatusCode status, string code, string? field)
    {
        var path = await AddVmAsync("cap3", []);
        var operationsBefore = (await _http.GetJsonAsync("/api/operations?take=1000")).GetProperty("total").GetInt32();

        using var response = await _http.PostJsonAsync($"{path}/capture", new { osState, imageName });

        await response.AssertProblemAsync(status, code, field);
        Assert.Equal(operationsBefore, (await _http.GetJsonAsync("/api/operations?take=1000")).GetProperty("total").GetInt32());
        await using var db = await app.DbAsync();
        Assert.False(await db.Images.AnyAsync(i => i.Name == imageName && i.Kind == ImageKind.VMImage));
    }

    [Fact]
    public async Task A_generalized_capture_of_a_stopped_but_ungeneralized_VM_is_409_VmNotGeneralized()
    {
        var path = await AddVmAsync("cap4", [], status: VmStatus.StoppedDeallocated);

        using var response = await _http.PostJsonAsync($"{path}/capture", new { osState = "Generalized", imageName = "never-made" });

        await response.AssertProblemAsync(HttpStatusCode.Conflict, "VmNotGeneralized");
    }

    private async Task<string> AddVmAsync(string name, int[] dataDisks, OsType os = OsType.Linux, VmStatus status = VmStatus.ReadyRole)
    {
        var service = ApiClient.UniqueName("cap");
        await app.Services.GetRequiredService<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service, "West US", name, os == OsType.Windows ? "Windows-Server-2012-R2-Datacenter" : "Ubuntu-Server-14.04-LTS",
            "Medium", status, "opsadmin", dataDisks.Select(l => new DemoData.DemoDisk(l, 10, HostCaching.None)).ToList()));
        return $"/api/cloud-services/{service}/vms/{name}";
    }
}
