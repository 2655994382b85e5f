using Azure.Core;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Capture;

/// <summary>R12: a capture that fails at any step registers no image, leaves no blob and does not touch the VM.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class CaptureRollbackTests(AzuriteFixture azurite) : CaptureFixtureHost(azurite)
{
    public static TheoryData<string, string?, string> Steps => new()
    {
        { "snapshot", null, "Specialized" },
        { "copy", "os", "Specialized" },
        { "copy", "lun5", "Specialized" },
        { "verify", "lun1", "Specialized" },
        { "register", null, "Specialized" },
        { "copy", "lun15", "Generalized" },
        { "register", "source VM", "Generalized" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_failure_at_any_step_leaves_no_image_no_blob_and_the_VM_untouched(string step, string? disk, string osState)
    {
        var (vm, blobs) = await PrepareAsync(osState);
        Func<Exception> injected = () => new InvalidOperationException("injected failure");
        switch (step)
        {
            case "snapshot":
                Faults.Storage.When(c => c.Method == RequestMethod.Put && c.HasQuery("comp", "snapshot")).Then(new StorageFaults.Fault.Throw(injected));
                break;
            case "copy":
                Faults.Storage.When(c => c.IsCopyFrom(blobs[disk!])).Then(new StorageFaults.Fault.Throw(injected));
                break;
            case "verify":
                Faults.Storage.When(c => c.IsPageRangesOf($"doomed-datadisk-{disk![3..]}-")).Then(new StorageFaults.Fault.Throw(injected));
                break;
            case "register":
                var statement = disk == "source VM" ? "DELETE FROM \"VirtualMachines\"" : "UPDATE \"Images\"";
                Faults.Database.FailWhen(sql => sql.Contains(statement), injected);
                break;
        }
        var before = await VmFingerprintAsync(vm.Id);

        var capture = await Captures.CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest(osState, "doomed"), "tests");
        var operation = await this.WaitForOperationAsync(capture.Ok().Id);

        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("no image registered", operation.ErrorMessage);
        await AssertNothingLeftAsync(vm, before);
    }

    [Fact]
    public async Task A_storage_outage_during_a_copy_is_reported_and_rolled_back()
    {
        var (vm, blobs) = await PrepareAsync("Specialized");
        // Every try of the copy is answered "busy", so the client's own retries give up too.
        var busy = Faults.Storage.When(c => c.IsCopyFrom(blobs["lun1"])).Then(new StorageFaults.Fault.Answer(503, "ServerBusy", TimeSpan.FromMilliseconds(100)));
        var before = await VmFingerprintAsync(vm.Id);

        var capture = await Captures.CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest("Specialized", "doomed"), "tests");
        var operation = await this.WaitForOperationAsync(capture.Ok().Id);

        Assert.True(busy.Reached.IsCompleted, "the copy was never tried");
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("storage answered 503 ServerBusy", operation.ErrorMessage);
        Assert.Matches(@"\d cop(y|ies) and 4 snapshots removed", operation.ErrorMessage);
        await AssertNothingLeftAsync(vm, before);
    }

    [Fact]
    public async Task A_capture_cut_short_by_a_process_crash_is_rolled_back_when_the_portal_starts_again()
    {
        var (vm, _) = await PrepareAsync("Specialized");
        Faults.Storage.When(c => c.IsPageRangesOf("doomed-datadisk-5-")).Then(new StorageFaults.Fault.Crash());
        var before = await VmFingerprintAsync(vm.Id);
        var capture = await Captures.CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest("Specialized", "doomed"), "tests");
        await Faults.Crash.Tripped.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(await BlobsAsync("doomed-")); // LUN 5's copy at least was made already

        await StopAsync(); // the dead process is gone; nothing it did after the crash reached storage or the database
        Faults.Restart();
        await StartAsync();

        var operation = await this.WaitForOperationAsync(capture.Ok().Id);
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("was interrupted before the image was committed", operation.ErrorMessage);
        await AssertNothingLeftAsync(vm, before);
    }

    /// <summary>A Linux VM with an OS disk and data disks at LUN 1, 5 and 15 (stopped and generalized for a generalized capture).</summary>
    private async Task<(VirtualMachine Vm, Dictionary<string, string> Blobs)> PrepareAsync(string osState)
    {
        var vm = await AddVmAsync("rb1", dataDiskLuns: [1, 5, 15]);
        if (osState == "Generalized")
        {
            var generalize = await Get<VmService>().GeneralizeAsync(vm.CloudService!.Name, vm.Name, "tests");
            await this.WaitForSuccessAsync(generalize.Ok().Id);
        }
        var blobs = vm.Disks.ToDictionary(d => d.Lun is { } lun ? $"lun{lun}" : "os", d => new Uri(d.MediaLink).Segments[^1]);
        return (vm, blobs);
    }

    private async Task AssertNothingLeftAsync(VirtualMachine vm, string before)
    {
        await using var db = Db();
        Assert.False(await db.Images.AnyAsync(i => i.Name == "doomed"));
        Assert.Empty(await BlobsAsync("doomed"));
        Assert.DoesNotContain(await BlobsAsync(vm.CloudService!.Name), b => b.EndsWith("@snapshot"));
        Assert.Equal(before, await VmFingerprintAsync(vm.Id));
    }
}
