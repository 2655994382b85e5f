using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// What a user can do to a deployed VM (R29): checks the request synchronously in API.md's order (input →
/// existence → state → rules between resources), then queues the work as an operation. A refused request
/// changes nothing. One operation at a time per VM: a second is refused with VmBusy.
/// </summary>
public sealed class VmService(IDbContextFactory<PortalDbContext> dbFactory, OperationQueue queue, DiskStore disks)
{
    /// <summary>What a VM's guest does to its disks: booting, stopping, generalizing and resizing read and write them.</summary>
    private static readonly string[] NeedBlobs =
        [OperationKinds.StartVm, OperationKinds.StopVm, OperationKinds.RestartVm, OperationKinds.GeneralizeVm, OperationKinds.ResizeVm, OperationKinds.AttachDataDisk];

    public Task<PortalResult<OperationView>> StartAsync(string service, string vm, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.StartVm, null, _ => null, actor, ct);

    public Task<PortalResult<OperationView>> StopAsync(string service, string vm, bool deallocate, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.StopVm, new StopVmHandler.Request(deallocate), _ => null, actor, ct);

    public Task<PortalResult<OperationView>> RestartAsync(string service, string vm, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.RestartVm, null, _ => null, actor, ct);

    public Task<PortalResult<OperationView>> GeneralizeAsync(string service, string vm, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.GeneralizeVm, null, _ => null, actor, ct);

    public Task<PortalResult<OperationView>> ResizeAsync(string service, string vm, string instanceSize, Actor actor, CancellationToken ct = default)
    {
        var size = InstanceSizes.Find(instanceSize ?? "");
        if (size is null)
            return Task.FromResult<PortalResult<OperationView>>(PortalError.Validation("instanceSize",
                VmMessages.Format("InstanceSizeUnknown", instanceSize, string.Join(CoreMessages.Get("ListSeparator"), InstanceSizes.All.Select(s => s.Name)))));
        return QueueAsync(service, vm, OperationKinds.ResizeVm, new ResizeVmHandler.Request(size.Name), v =>
        {
            var dataDisks = v.Disks.Count(d => d.Lun is not null);
            return dataDisks <= size.MaxDataDisks ? null : new PortalError(ErrorCodes.InstanceSizeTooSmall,
                VmMessages.Format("ResizeTooSmall", v.Name, dataDisks, size.Name, size.MaxDataDisks), "instanceSize");
        }, actor, ct);
    }

    public Task<PortalResult<OperationView>> DeleteAsync(string service, string vm, bool deleteDisks, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.DeleteVm, new DeleteVmHandler.Request(deleteDisks), _ => null, actor, ct);

    public Task<PortalResult<OperationView>> DetachDataDiskAsync(string service, string vm, int lun, bool deleteVhd, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.DetachDataDisk, new DetachDataDiskHandler.Request(lun, deleteVhd),
            v => v.Disks.Any(d => d.Lun == lun) ? null : PortalError.NotFound(VmMessages.Format("WhatDataDiskAtLun", lun, v.Name)),
            actor, ct);

    public async Task<PortalResult<OperationView>> AttachDataDiskAsync(
        string service, string vm, AttachDataDiskRequest request, Actor actor, CancellationToken ct = default)
    {
        if (request.Lun is < 0 or > 63)
            return new PortalError(ErrorCodes.InvalidLun, VmMessages.Format("LunOutOfRange", request.Lun), "lun");
        if ((request.SizeInGb is null) == (request.DiskName is null))
            return PortalError.Validation("sizeInGb", VmMessages.Get("SizeOrDiskName"));
        if (request.SizeInGb is < 1 or > 1023)
            return new PortalError(ErrorCodes.InvalidSize, VmMessages.Format("DataDiskSizeOutOfRange", request.SizeInGb), "sizeInGb");
        var caching = HostCaching.None;
        if (request.HostCaching is not null && !Enum.TryParse(request.HostCaching, ignoreCase: false, out caching))
            return new PortalError(ErrorCodes.InvalidHostCaching, VmMessages.Format("HostCachingUnknown", request.HostCaching), "hostCaching");

        if (request.Label is { Length: > NameRules.MaxLabelLength })
            return PortalError.Validation("label", VmMessages.Format("LabelTooLong", request.Label.Length, NameRules.MaxLabelLength));
        if (request.DiskName is not null && NameRules.Disk(request.DiskName, "diskName") is { } badDisk) return badDisk;
        if (VmLoader.CheckNames(service, vm) is { } badName) return badName;

        Disk? existing = null;
        PortalError? ambiguous = null;
        var beingDeleted = false;
        var existingMissing = false;
        if (request.DiskName is not null)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var found = await DiskLookup.FindAsync(db.Disks.AsNoTracking(), request.DiskName, "diskName", ct);
            existing = found.Value;
            ambiguous = found.Error;
            if (existing is not null)
            {
                beingDeleted = await db.Operations.Unfinished(OperationKinds.DeleteDisk, OperationTargets.Disk(existing.Name)).AnyAsync(ct);
                existingMissing = (await disks.MissingBlobsAsync([existing.MediaLink], ct)).Count > 0;
            }
        }

        // The disk as the catalogue names it, whatever case the request used.
        var payload = new AttachDataDiskHandler.Request(request.Lun, caching, request.Label, request.SizeInGb, existing?.Name ?? request.DiskName);
        return await QueueAsync(service, vm, OperationKinds.AttachDataDisk, payload, v =>
        {
            if (ambiguous is not null) return ambiguous;
            if (request.DiskName is not null && existing is null) return PortalError.NotFound(VmMessages.Format("WhatDisk", request.DiskName));
            if (v.Disks.Any(d => d.Lun == request.Lun))
                return new PortalError(ErrorCodes.LunInUse, VmMessages.Format("LunInUse", request.Lun, v.Name), "lun");
            if (existing is { VirtualMachineId: not null })
                return new PortalError(ErrorCodes.DiskInUse, VmMessages.Format("DiskAttachedElsewhere", existing.Name), "diskName");
            if (beingDeleted)
                return new PortalError(ErrorCodes.DiskInUse, VmMessages.Format("DiskBeingDeleted", existing!.Name), "diskName");
            if (existing is { Os: not null })
                return PortalError.Validation("diskName", VmMessages.Format("DiskIsOsDisk", existing.Name));
            if (existingMissing) return MissingBlobs.Error(VmMessages.Format("AttachingDisk", existing!.Name), [existing.MediaLink]);
            var size = InstanceSizes.Find(v.InstanceSize)!;
            var dataDisks = v.Disks.Count(d => d.Lun is not null);
            return dataDisks < size.MaxDataDisks ? null : new PortalError(ErrorCodes.InstanceSizeTooSmall,
                VmMessages.Format("SizeFull", v.Name, size.Name, size.MaxDataDisks), "lun");
        }, actor, ct);
    }

    private async Task<PortalResult<OperationView>> QueueAsync(
        string serviceName, string vmName, string kind, object? payload, Func<VirtualMachine, PortalError?> check,
        Actor actor, CancellationToken ct)
    {
        if (VmLoader.CheckNames(serviceName, vmName) is { } badName) return badName;
        return await VmClaim.RetryAsync(() => TryQueueAsync(serviceName, vmName, kind, payload, check, actor, ct), () => Busy(vmName));
    }

    private async Task<PortalResult<OperationView>> TryQueueAsync(
        string serviceName, string vmName, string kind, object? payload, Func<VirtualMachine, PortalError?> check,
        Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.FindAsync(serviceName, vmName, ct);
        if (vm is null) return PortalError.NotFound(VmMessages.Format("WhatVm", vmName, serviceName));
        if (vm.ActiveOperationId is not null) return Busy(vm.Name);
        if (check(vm) is { } refusal) return refusal;
        // A VM whose blob was deleted by hand can still be deleted or have a disk detached; nothing else it could do.
        if (NeedBlobs.Contains(kind) && await disks.MissingBlobsAsync(vm.Disks.Select(d => d.MediaLink), ct) is { Count: > 0 } missing)
            return MissingBlobs.Error(VmMessages.Format("QuotedVm", vm.Name), missing);

        var operation = queue.Add(db, kind, OperationTargets.Vm(vm.CloudService!.Name, vm.Name), payload, vm, actor)!;
        await db.SaveChangesAsync(ct);
        queue.Wake();
        return OperationView.From(operation);
    }

    private static PortalError Busy(string vmName) =>
        new(ErrorCodes.VmBusy, VmMessages.Format("VmBusy", vmName));
}
