using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Attach a data disk at a LUN: a new empty disk (a sparse VHD in the OS disk's storage account, R2) or an
/// unattached existing one. A new blob is remembered before the catalogue row exists, so a restart
/// either attaches it or removes it — never an orphan.
/// </summary>
public sealed class AttachDataDiskHandler(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks, FabricClock clock) : IOperationHandler
{
    public sealed record Request(int Lun, HostCaching HostCaching, string? Label, int? SizeInGb, string? DiskName);

    private sealed record State(string BlobUri);

    public string Kind => OperationKinds.AttachDataDisk;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        if (vm.Disks.Any(d => d.Lun == request.Lun)) return; // attached before a restart

        if (request.DiskName is not null)
        {
            var existing = await db.Disks.SingleAsync(d => d.Name == request.DiskName, ct);
            if (existing.VirtualMachineId is not null)
                throw new OperationFailedException(ErrorCodes.DiskInUse, $"Disk '{existing.Name}' was attached elsewhere meanwhile.");
            existing.VirtualMachineId = vm.Id;
            existing.Lun = request.Lun;
            existing.HostCaching = request.HostCaching;
            await db.SaveChangesAsync(ct);
            return;
        }

        var blob = context.ReadState<State>()?.BlobUri is { } saved ? new Uri(saved) : await CreateBlobAsync(vm, request, context, ct);
        try
        {
            db.Disks.Add(new Disk
            {
                Name = Path.GetFileNameWithoutExtension(blob.AbsolutePath),
                MediaLink = blob.AbsoluteUri,
                Label = request.Label,
                LogicalSizeInGb = request.SizeInGb!.Value,
                HostCaching = request.HostCaching,
                Lun = request.Lun,
                VirtualMachineId = vm.Id,
                CreatedTime = clock.Now,
            });
            await db.SaveChangesAsync(ct);
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            await disks.Resolve(blob).Blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
    }

    private async Task<Uri> CreateBlobAsync(VirtualMachine vm, Request request, OperationContext context, CancellationToken ct)
    {
        await context.ReportAsync(30, $"Creating a {request.SizeInGb} GB disk for LUN {request.Lun}", ct);
        var account = disks.Resolve(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink)).Account;
        foreach (var name in BlobNames.Candidates(BlobNames.VmDataDisk(vm.CloudService!.Name, vm.Name, request.Lun, clock.Now)))
        {
            try
            {
                var uri = await disks.CreateEmptyDiskAsync(account, name, request.SizeInGb!.Value, ct);
                await context.SaveStateAsync(new State(uri.AbsoluteUri), ct);
                return uri;
            }
            catch (DiskNameTakenException) { }
        }
        throw new OperationFailedException(ErrorCodes.InternalError, "No free blob name for the new disk.");
    }
}

/// <summary>Detach the data disk at a LUN; keep it as an unattached disk or delete it with its blob.</summary>
public sealed class DetachDataDiskHandler(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks, IBlobReferences references) : IOperationHandler
{
    public sealed record Request(int Lun, bool DeleteVhd);

    private sealed record State(string? BlobToDelete);

    public string Kind => OperationKinds.DetachDataDisk;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        var disk = vm.Disks.SingleOrDefault(d => d.Lun == request.Lun);
        if (disk is not null)
        {
            await context.ReportAsync(40, $"Detaching LUN {request.Lun}", ct);
            if (request.DeleteVhd)
            {
                await context.SaveStateAsync(new State(disk.MediaLink), ct);
                db.Disks.Remove(disk);
            }
            else
            {
                disk.VirtualMachineId = null;
                disk.Lun = null;
            }
            await db.SaveChangesAsync(ct);
        }
        if (context.ReadState<State>()?.BlobToDelete is { } blob)
        {
            await context.ReportAsync(70, "Deleting the disk's blob", ct);
            await disks.DeleteAsync(new Uri(blob), references, ct);
        }
    }
}
