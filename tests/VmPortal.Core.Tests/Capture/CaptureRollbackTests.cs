using Azure;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Tests.Infrastructure;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Core.Tests.Capture;

/// <summary>R12: a capture that fails at any step registers no image, leaves no blob and does not touch the VM.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CaptureRollbackTests(AzuriteFixture azurite) : CaptureFixtureHost(azurite)
{
    public static TheoryData<CaptureStep, string?, string> Steps => new()
    {
        { CaptureStep.Snapshot, null, "Specialized" },
        { CaptureStep.Copy, "os", "Specialized" },
        { CaptureStep.Copy, "lun5", "Specialized" },
        { CaptureStep.Verify, "lun1", "Specialized" },
        { CaptureStep.Register, null, "Specialized" },
        { CaptureStep.Copy, "lun15", "Generalized" },
        { CaptureStep.Register, "source VM", "Generalized" },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_failure_at_any_step_leaves_no_image_no_blob_and_the_VM_untouched(CaptureStep step, string? disk, string osState)
    {
        var (vm, diskNames) = await PrepareAsync(osState);
        Faults.FailAt = step;
        Faults.FailOnDisk = disk is null or "source VM" ? disk : diskNames[disk];
        var before = await VmFingerprintAsync(vm.Id);

        var capture = await Captures.CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest(osState, "doomed"), null);
        var operation = await this.WaitForOperationAsync(capture.Value!.Id);

        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("no image registered", operation.ErrorMessage);
        await AssertNothingLeftAsync(vm, before);
    }

    [Fact]
    public async Task A_storage_outage_during_a_copy_is_reported_and_rolled_back()
    {
        var (vm, diskNames) = await PrepareAsync("Specialized");
        Faults.FailAt = CaptureStep.Copy;
        Faults.FailOnDisk = diskNames["lun1"];
        Faults.Failure = () => new RequestFailedException(503, "The server is busy.", "ServerBusy", null);
        var before = await VmFingerprintAsync(vm.Id);

        var capture = await Captures.CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest("Specialized", "doomed"), null);
        var operation = await this.WaitForOperationAsync(capture.Value!.Id);

        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("storage answered 503 ServerBusy", operation.ErrorMessage);
        Assert.Matches(@"\d cop(y|ies) and 4 snapshots removed", operation.ErrorMessage);
        await AssertNothingLeftAsync(vm, before);
    }

    [Fact]
    public async Task A_capture_cut_short_by_a_process_stop_is_rolled_back_when_the_portal_starts_again()
    {
        var (vm, diskNames) = await PrepareAsync("Specialized");
        Faults.FailAt = CaptureStep.Verify;
        Faults.FailOnDisk = diskNames["lun5"];
        Faults.HoldAt = new TaskCompletionSource();
        var before = await VmFingerprintAsync(vm.Id);
        var capture = await Captures.CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest("Specialized", "doomed"), null);
        await Faults.Reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEmpty(await BlobsAsync("doomed-")); // LUN 5's copy at least was made already

        await StopAsync(); // the process goes away mid-capture
        Faults.FailAt = null;
        await StartAsync();

        var operation = await this.WaitForOperationAsync(capture.Value!.Id);
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains("interrupted by a restart", operation.ErrorMessage);
        await AssertNothingLeftAsync(vm, before);
    }

    /// <summary>A Linux VM with an OS disk and data disks at LUN 1, 5 and 15 (stopped and generalized for a generalized capture).</summary>
    private async Task<(VirtualMachine Vm, Dictionary<string, string> DiskNames)> PrepareAsync(string osState)
    {
        var vm = await AddVmAsync("rb1", dataDiskLuns: [1, 5, 15]);
        if (osState == "Generalized")
        {
            var generalize = await Get<VmService>().GeneralizeAsync(vm.CloudService!.Name, vm.Name, null);
            await this.WaitForOperationAsync(generalize.Value!.Id);
        }
        var names = vm.Disks.ToDictionary(d => d.Lun is { } lun ? $"lun{lun}" : "os", d => d.Name);
        return (vm, names);
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
