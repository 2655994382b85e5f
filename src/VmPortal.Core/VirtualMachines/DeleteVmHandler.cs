using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Delete a VM: shut it down, remove it from the catalogue, and keep its disks as unattached disks or
/// delete them with their blobs. The blobs to delete are recorded in the same transaction that removes the VM, so a
/// restart finishes deleting them instead of leaving orphans.
/// </summary>
public sealed class DeleteVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power, DiskStore disks, IBlobReferences references)
    : IOperationHandler
{
    public sealed record Request(bool DeleteDisks);

    public sealed record State(IReadOnlyList<string> BlobsToDelete);

    public string Kind => OperationKinds.DeleteVm;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var vm = await db.WithDisks().SingleOrDefaultAsync(v => v.Id == context.VirtualMachineId, ct);
            if (vm is not null) await RemoveAsync(db, vm, request, context, ct);
        }

        var blobs = context.ReadState<State>()?.BlobsToDelete ?? [];
        var done = 0;
        foreach (var blob in blobs)
        {
            await context.ReportAsync(80 + 19 * done++ / Math.Max(1, blobs.Count), VmMessages.Get("StepDeletingDiskBlobs"), ct);
            await disks.DeleteAsync(new Uri(blob), references, ct);
        }
    }

    /// <summary>The VM row is the commit point: while it exists nothing is lost, so the VM is only settled to what its guest is.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.WithDisks().SingleOrDefaultAsync(v => v.Id == context.VirtualMachineId, ct);
        if (vm is null) return Abandonment.Finished(VmMessages.Format("AbandonedDeletedBlobsLeft", context.Target));
        await power.SettleAsync(vm, ct);
        return Abandonment.RolledBack;
    }

    private async Task RemoveAsync(PortalDbContext db, VirtualMachine vm, Request request, OperationContext context, CancellationToken ct)
    {
        // A guest whose disk blob was deleted by hand cannot be shut down cleanly — and there is nothing left to shut down.
        // Not stopped rather than running: a crash may have left it Starting or Stopping.
        if (vm.PowerState != PowerState.Stopped && (await disks.MissingBlobsAsync(vm.Disks.Select(d => d.MediaLink), ct)).Count == 0)
            await power.ShutdownAsync(vm, deallocate: true, context, ct);
        await power.SetAsync(vm.Id, VmStatus.DeletingVM, PowerState.Stopped, null, ct);
        await context.ReportAsync(60, VmMessages.Get("StepRemovingVm"), ct);
        await db.Entry(vm).ReloadAsync(ct);
        var blobs = VmRemoval.Remove(db, vm, request.DeleteDisks);
        await context.CommitAsync(db, new State(blobs), ct);
    }
}
