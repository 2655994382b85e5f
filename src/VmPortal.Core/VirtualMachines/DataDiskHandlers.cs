using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Attach a data disk at a LUN: a new empty disk (a sparse VHD in the OS disk's storage account, R2) or an
/// unattached existing one. The catalogue row is the commit point. A new blob carries the operation's tag from the moment
/// it exists and is recorded before the row: a restart attaches that blob, or — when the portal died before recording it —
/// removes what it made and makes it again; never an orphan. A running guest gets the disk once the row has committed
/// (hot-plug); a plug that fails takes the row back.
/// </summary>
public sealed class AttachDataDiskHandler(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks, IFabric fabric, FabricClock clock) : IOperationHandler
{
    public sealed record Request(int Lun, HostCaching HostCaching, string? Label, int? SizeInGb, string? DiskName);

    public sealed record State(string BlobUri);

    public string Kind => OperationKinds.AttachDataDisk;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        if (vm.Disks.SingleOrDefault(d => d.Lun == request.Lun) is { } attached)
        {
            // Recorded before a restart: the guest may not have it yet (plugging is idempotent).
            await PlugAsync(db, vm, attached, request, context, ct);
            return;
        }

        if (request.DiskName is not null)
        {
            var existing = await db.Disks.SingleAsync(d => d.Name == request.DiskName, ct);
            if (existing.VirtualMachineId is not null)
                throw new OperationFailedException(ErrorCodes.DiskInUse, VmMessages.Format("DiskAttachedElsewhereMeanwhile", existing.Name));
            existing.VirtualMachineId = vm.Id;
            existing.Lun = request.Lun;
            existing.HostCaching = request.HostCaching;
            await db.SaveChangesAsync(ct);
            await PlugAsync(db, vm, existing, request, context, ct);
            return;
        }

        var blob = await RecordedBlobAsync(context, ct) ?? await CreateBlobAsync(vm, request, context, ct);
        var disk = new Disk
        {
            Name = Path.GetFileNameWithoutExtension(blob.AbsolutePath),
            MediaLink = blob.AbsoluteUri,
            Label = request.Label,
            LogicalSizeInGb = request.SizeInGb!.Value,
            HostCaching = request.HostCaching,
            Lun = request.Lun,
            VirtualMachineId = vm.Id,
            CreatedTime = clock.Now,
        };
        db.Disks.Add(disk);
        await db.SaveChangesAsync(ct);
        await PlugAsync(db, vm, disk, request, context, ct);
    }

    /// <summary>
    /// The catalogue first, then the running guest (hot-plug): a disk the catalogue gives that the guest has not got yet is
    /// harmless (it boots with it), the reverse is not. A plug that fails takes the row back — and a new disk's blob — so the
    /// attach changes nothing.
    /// </summary>
    private async Task PlugAsync(PortalDbContext db, VirtualMachine vm, Disk disk, Request request, OperationContext context, CancellationToken ct)
    {
        await context.ReportAsync(60, VmMessages.Format("StepAttachingLun", request.Lun), ct);
        try
        {
            await fabric.AttachDiskAsync(FabricVm.From(vm), new FabricDataDisk(request.Lun, new Uri(disk.MediaLink)), ct);
        }
        catch (OperationFailedException)
        {
            if (request.DiskName is null)
            {
                db.Disks.Remove(disk);
                await db.SaveChangesAsync(CancellationToken.None);
                await DiscardAsync(vm, request, context, CancellationToken.None);
            }
            else
            {
                disk.VirtualMachineId = null;
                disk.Lun = null;
                await db.SaveChangesAsync(CancellationToken.None);
            }
            throw;
        }
    }

    /// <summary>Unless the disk was attached, the blobs this operation made go.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        if (vm.Disks.Any(d => d.Lun == request.Lun)) return Abandonment.Finished(VmMessages.Format("AbandonedAttached", request.Lun));
        if (request.DiskName is null) await DiscardAsync(vm, request, context, ct);
        return Abandonment.RolledBack;
    }

    /// <summary>The blob an earlier attempt made and recorded, if it is still there.</summary>
    private async Task<Uri?> RecordedBlobAsync(OperationContext context, CancellationToken ct)
    {
        if (context.ReadState<State>()?.BlobUri is not { } saved) return null;
        var blob = new Uri(saved);
        return await disks.Resolve(blob).Blob.ExistsAsync(ct) ? blob : null;
    }

    private async Task<Uri> CreateBlobAsync(VirtualMachine vm, Request request, OperationContext context, CancellationToken ct)
    {
        await context.ReportAsync(30, VmMessages.Format("StepCreatingDisk", request.SizeInGb, request.Lun), ct);
        if (context.IsResume) await DiscardAsync(vm, request, context, ct);
        var account = OsDiskAccount(vm);
        foreach (var name in BlobNames.Candidates(BlobNames.VmDataDisk(vm.CloudService!.Name, vm.Name, request.Lun, clock.Now)))
        {
            try
            {
                var uri = await disks.CreateEmptyDiskAsync(account, name, request.SizeInGb!.Value, context.Owner, ct);
                await context.SaveStateAsync(new State(uri.AbsoluteUri), ct);
                return uri;
            }
            catch (DiskNameTakenException) { }
        }
        throw new OperationFailedException(ErrorCodes.InternalError, VmMessages.Get("NoFreeBlobName"));
    }

    /// <summary>Every blob for this LUN that this operation made: one it made and died before recording included.</summary>
    private Task<int> DiscardAsync(VirtualMachine vm, Request request, OperationContext context, CancellationToken ct) =>
        disks.DeleteOwnedAsync(OsDiskAccount(vm), $"{vm.CloudService!.Name}-{vm.Name}-datadisk-{request.Lun}-", context.Owner, ct);

    private Storage.BlobAccount OsDiskAccount(VirtualMachine vm) => disks.Resolve(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink)).Account;
}

/// <summary>
/// Detach the data disk at a LUN; keep it as an unattached disk or delete it with its blob. A running guest lets go of the
/// disk first (hot-unplug); one that will not fails the detach with nothing changed. The row's change and the record of the
/// blob to delete commit together; the blob goes after.
/// </summary>
public sealed class DetachDataDiskHandler(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks, IFabric fabric, IBlobReferences references) : IOperationHandler
{
    public sealed record Request(int Lun, bool DeleteVhd);

    public sealed record State(string? BlobToDelete);

    public string Kind => OperationKinds.DetachDataDisk;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        var disk = vm.Disks.SingleOrDefault(d => d.Lun == request.Lun);
        if (disk is not null)
        {
            await context.ReportAsync(40, VmMessages.Format("StepDetachingLun", request.Lun), ct);
            await fabric.DetachDiskAsync(FabricVm.From(vm), request.Lun, ct);
            if (request.DeleteVhd)
            {
                db.Disks.Remove(disk);
                await context.CommitAsync(db, new State(disk.MediaLink), ct);
            }
            else
            {
                disk.VirtualMachineId = null;
                disk.Lun = null;
                await db.SaveChangesAsync(ct);
            }
        }
        if (context.ReadState<State>()?.BlobToDelete is { } blob)
        {
            await context.ReportAsync(70, VmMessages.Get("StepDeletingDiskBlob"), ct);
            await disks.DeleteAsync(new Uri(blob), references, ct);
        }
    }

    /// <summary>Nothing to undo: the detach committed in one transaction or not at all; a blob left behind is an orphan the health check lists.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        return vm.Disks.Any(d => d.Lun == request.Lun)
            ? Abandonment.RolledBack
            : Abandonment.Finished(request.DeleteVhd
                ? VmMessages.Format("AbandonedDetachedBlobKept", request.Lun)
                : VmMessages.Format("AbandonedDetached", request.Lun));
    }
}
