using Azure.Core;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Core.StorageHealth;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Worker;

/// <summary>
/// <c>Operations:MaxAttempts</c>: an operation whose handler breaks its worker every time (a failure nobody foresaw, not a
/// storage error the handler reports) is tried that often, then rolled back and failed with <c>OperationAbandoned</c> — unless
/// it had committed what the user asked for, which then stands and is reported as done, its clean-up left to the health page.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class OperationAbandonmentTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private readonly FaultSeams _faults = new();

    protected override void ConfigureServices(IServiceCollection services) => _faults.AddTo(services);

    [Fact]
    public async Task An_attach_that_breaks_its_worker_every_time_is_abandoned_after_three_attempts_and_leaves_no_blob()
    {
        var vm = await AddVmAsync("abandon1", status: VmStatus.StoppedVM);
        var account = Get<BlobAccounts>().Get(Storage.West.Name);
        // Every write of the new disk's footer breaks — after the blob itself was created, so each attempt leaves one behind.
        var broken = _faults.Storage.When(c => c.Method == RequestMethod.Put && c.HasQuery("comp", "page") && c.Path.Contains("abandon1"))
            .Then(new StorageFaults.Fault.Throw(() => new InvalidOperationException("the disk driver fell over")));

        var attach = await Get<VmService>().AttachDataDiskAsync(vm.CloudService!.Name, vm.Name, new AttachDataDiskRequest(2, SizeInGb: 1), "tests");
        var operation = await this.WaitForOperationAsync(attach.Ok().Id, TimeSpan.FromSeconds(60));

        Assert.True(broken.Reached.IsCompleted, "the fault never applied: the test proves nothing");
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Equal(ErrorCodes.OperationAbandoned, operation.ErrorCode);
        Assert.Contains("3 times", operation.ErrorMessage);
        Assert.Contains("the disk driver fell over", operation.ErrorMessage);
        Assert.Equal(4, operation.Attempts); // three that broke, and the one that rolled back

        var after = await this.VmAsync(vm.Id);
        Assert.DoesNotContain(after.Disks, d => d.Lun == 2);
        Assert.Null(after.ActiveOperationId);
        var left = new List<string>();
        await foreach (var blob in account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = vm.CloudService.Name + "-abandon1-datadisk-2" }))
            left.Add(blob.Name);
        Assert.Empty(left);
        await using var db = Db();
        var outcome = await db.AuditEntries.SingleAsync(e => e.Action == OperationKinds.AttachDataDisk && e.Outcome == AuditOutcome.Failed);
        Assert.Equal(ErrorCodes.OperationAbandoned, outcome.Code);
    }

    [Fact]
    public async Task A_generalized_capture_whose_source_disks_cannot_be_deleted_after_its_commit_succeeds_and_the_health_page_lists_them()
    {
        var vm = await AddVmAsync("abandon2", status: VmStatus.StoppedVM);
        var service = vm.CloudService!.Name;
        await this.WaitForSuccessAsync((await Get<VmService>().GeneralizeAsync(service, vm.Name, "tests")).Ok().Id);
        var osBlob = vm.Disks.Single(d => d.Lun is null).MediaLink;
        // Deleting the source VM's OS disk blob — after the commit, the capture's last step — breaks every time.
        var broken = _faults.Storage.When(c => c.Method == RequestMethod.Delete && c.Uri.AbsoluteUri == osBlob)
            .Then(new StorageFaults.Fault.Throw(() => new InvalidOperationException("the blob service fell over")));

        var image = "abandon2-img";
        var capture = await Get<CaptureService>().CaptureAsync(service, vm.Name, new CaptureRequest("Generalized", image, DeleteSourceDisks: true), "tests");
        var operation = await this.WaitForOperationAsync(capture.Ok().Id, TimeSpan.FromSeconds(60));

        Assert.True(broken.Reached.IsCompleted, "the fault never applied: the test proves nothing");
        // The image stands and the VM is gone, as asked: the operation says so, not "rolled back".
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.Null(operation.ErrorCode);
        Assert.Contains($"Image '{image}' was captured and registered", operation.StatusMessage);
        Assert.Contains("the storage health page lists what is left", operation.StatusMessage);
        await using (var db = Db())
        {
            Assert.Equal(ImageState.Ready, (await db.Images.SingleAsync(i => i.Name == image)).State);
            Assert.False(await db.VirtualMachines.AnyAsync(v => v.Id == vm.Id));
            Assert.True(await db.AuditEntries.AnyAsync(e => e.Action == OperationKinds.CaptureVmImage && e.Outcome == AuditOutcome.Succeeded),
                "the capture's end is not audited as succeeded");
        }
        var report = await Get<StorageHealthCheck>().CheckAsync();
        Assert.Contains(report.Problems, p => p.Kind == StorageProblemKind.OrphanBlob && p.Blob == osBlob);
        _faults.Storage.Clear();
        await Get<DiskStore>().Resolve(new Uri(osBlob)).Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots);
    }
}
