using Azure.Core;
using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Worker;

/// <summary>
/// <c>Operations:MaxAttempts</c>: an operation whose handler breaks its worker every time (a failure nobody foresaw, not a
/// storage error the handler reports) is tried that often, then rolled back and failed with <c>OperationAbandoned</c>.
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
}
