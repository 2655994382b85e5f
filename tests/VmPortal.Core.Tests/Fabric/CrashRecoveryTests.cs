using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric;

/// <summary>Work a crashed portal left InProgress is claimed again after its lease lapses, and finished.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class CrashRecoveryTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    [Fact]
    public async Task A_stop_interrupted_by_a_crash_is_resumed_after_restart()
    {
        var vm = await AddVmAsync("crashstop");
        await StopAsync();
        var id = await LeaveInterruptedAsync(vm.Id, OperationKinds.StopVm, new StopVmHandler.Request(Deallocate: true), state: null,
            v => v.Status = VmStatus.StoppingVM);

        await StartAsync();

        var operation = await this.WaitForOperationAsync(id);
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.Equal(2, operation.Attempts);
        var after = await this.VmAsync(vm.Id);
        Assert.Equal(VmStatus.StoppedDeallocated, after.Status);
        Assert.Null(after.ActiveOperationId);
        Assert.False((await Get<DiskStore>().ReadGuestRecordAsync(new Uri(after.Disks.Single(d => d.Lun is null).MediaLink))).Value!.Running);
    }

    [Fact]
    public async Task An_attach_interrupted_after_its_blob_was_made_attaches_that_blob_instead_of_orphaning_it()
    {
        var vm = await AddVmAsync("crashattach");
        var account = Get<DiskStore>().Resolve(new Uri(vm.Disks[0].MediaLink)).Account;
        var blob = await Get<DiskStore>().CreateEmptyDiskAsync(account, $"{vm.CloudService!.Name}-crashattach-datadisk-7.vhd", 5);
        await StopAsync();
        var id = await LeaveInterruptedAsync(vm.Id, OperationKinds.AttachDataDisk,
            new AttachDataDiskHandler.Request(7, HostCaching.ReadOnly, null, 5, null), new { BlobUri = blob.AbsoluteUri }, _ => { });

        await StartAsync();

        await this.WaitForSuccessAsync(id);
        var attached = (await this.VmAsync(vm.Id)).Disks.Single(d => d.Lun == 7);
        Assert.Equal(blob.AbsoluteUri, attached.MediaLink);
        Assert.Equal(HostCaching.ReadOnly, attached.HostCaching);
    }

    [Fact]
    public async Task A_delete_interrupted_after_the_catalogue_commit_finishes_deleting_the_blobs()
    {
        var vm = await AddVmAsync("crashdelete", dataDiskLuns: [0]);
        var blobs = vm.Disks.Select(d => d.MediaLink).ToList();
        await StopAsync();
        var id = await LeaveInterruptedAsync(vm.Id, OperationKinds.DeleteVm, new DeleteVmHandler.Request(true), new { BlobsToDelete = blobs }, _ => { });
        await using (var db = OfflineDb())
        {
            // The crash came right after the catalogue commit: the VM and its disk rows are gone, the blobs not yet.
            db.Disks.RemoveRange(db.Disks.Where(d => d.VirtualMachineId == vm.Id));
            db.VirtualMachines.Remove(await db.VirtualMachines.SingleAsync(v => v.Id == vm.Id));
            await db.SaveChangesAsync();
        }

        await StartAsync();

        await this.WaitForSuccessAsync(id);
        foreach (var blob in blobs) Assert.False(await Get<DiskStore>().Resolve(new Uri(blob)).Blob.ExistsAsync());
    }

    /// <summary>Writes what a portal that died mid-operation leaves: the row InProgress under a lapsed lease, the VM marked busy.</summary>
    private async Task<Guid> LeaveInterruptedAsync(int vmId, string kind, object payload, object? state, Action<VirtualMachine> vmAsLeft)
    {
        await using var db = OfflineDb();
        var id = Guid.NewGuid();
        db.Operations.Add(new Operation
        {
            Id = id, Kind = kind, Target = "crash", Status = OperationStatus.InProgress, Progress = 30, VirtualMachineId = vmId,
            Payload = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
            State = state is null ? null : JsonSerializer.Serialize(state, JsonSerializerOptions.Web),
            LeaseOwner = "a-portal-that-crashed", LeaseExpires = DateTimeOffset.UtcNow.AddMinutes(-1), Attempts = 1,
            CreatedTime = DateTimeOffset.UtcNow.AddMinutes(-2),
        });
        var vm = await db.VirtualMachines.SingleAsync(v => v.Id == vmId);
        vm.ActiveOperationId = id;
        vmAsLeft(vm);
        await db.SaveChangesAsync();
        return id;
    }
}
