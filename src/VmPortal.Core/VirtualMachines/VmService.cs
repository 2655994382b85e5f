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
                $"'{instanceSize}' is not an instance size; use one of: {string.Join(", ", InstanceSizes.All.Select(s => s.Name))}."));
        return QueueAsync(service, vm, OperationKinds.ResizeVm, new ResizeVmHandler.Request(size.Name), v =>
        {
            var dataDisks = v.Disks.Count(d => d.Lun is not null);
            return dataDisks <= size.MaxDataDisks ? null : new PortalError(ErrorCodes.InstanceSizeTooSmall,
                $"'{v.Name}' has {dataDisks} data disks but {size.Name} holds at most {size.MaxDataDisks}; detach disks or pick a larger size.", "instanceSize");
        }, actor, ct);
    }

    public Task<PortalResult<OperationView>> DeleteAsync(string service, string vm, bool deleteDisks, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.DeleteVm, new DeleteVmHandler.Request(deleteDisks), _ => null, actor, ct);

    public Task<PortalResult<OperationView>> DetachDataDiskAsync(string service, string vm, int lun, bool deleteVhd, Actor actor, CancellationToken ct = default) =>
        QueueAsync(service, vm, OperationKinds.DetachDataDisk, new DetachDataDiskHandler.Request(lun, deleteVhd),
            v => v.Disks.Any(d => d.Lun == lun) ? null : PortalError.NotFound($"A data disk at LUN {lun} of '{v.Name}'"),
            actor, ct);

    public async Task<PortalResult<OperationView>> AttachDataDiskAsync(
        string service, string vm, AttachDataDiskRequest request, Actor actor, CancellationToken ct = default)
    {
        if (request.Lun is < 0 or > 63)
            return new PortalError(ErrorCodes.InvalidLun, $"LUN {request.Lun} is out of range; a LUN is 0 to 63.", "lun");
        if ((request.SizeInGb is null) == (request.DiskName is null))
            return PortalError.Validation("sizeInGb", "Give either sizeInGb for a new empty disk or diskName for an existing unattached disk, not both.");
        if (request.SizeInGb is < 1 or > 1023)
            return new PortalError(ErrorCodes.InvalidSize, $"A data disk is 1 to 1023 GB; {request.SizeInGb} GB is out of range.", "sizeInGb");
        var caching = HostCaching.None;
        if (request.HostCaching is not null && !Enum.TryParse(request.HostCaching, ignoreCase: false, out caching))
            return new PortalError(ErrorCodes.InvalidHostCaching, $"'{request.HostCaching}' is not a host caching; use None, ReadOnly or ReadWrite.", "hostCaching");

        if (request.Label is { Length: > NameRules.MaxLabelLength })
            return PortalError.Validation("label", $"The label is {request.Label.Length} characters; it is at most {NameRules.MaxLabelLength}.");
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
            if (request.DiskName is not null && existing is null) return PortalError.NotFound($"Disk '{request.DiskName}'");
            if (v.Disks.Any(d => d.Lun == request.Lun))
                return new PortalError(ErrorCodes.LunInUse, $"LUN {request.Lun} of '{v.Name}' already holds a disk; pick a free LUN.", "lun");
            if (existing is { VirtualMachineId: not null })
                return new PortalError(ErrorCodes.DiskInUse, $"Disk '{existing.Name}' is attached to another VM; detach it first.", "diskName");
            if (beingDeleted)
                return new PortalError(ErrorCodes.DiskInUse, $"Disk '{existing!.Name}' is being deleted.", "diskName");
            if (existing is { Os: not null })
                return PortalError.Validation("diskName", $"Disk '{existing.Name}' is an OS disk and cannot be attached as a data disk.");
            if (existingMissing) return MissingBlobs.Error($"Attaching disk '{existing!.Name}'", [existing.MediaLink]);
            var size = InstanceSizes.Find(v.InstanceSize)!;
            var dataDisks = v.Disks.Count(d => d.Lun is not null);
            return dataDisks < size.MaxDataDisks ? null : new PortalError(ErrorCodes.InstanceSizeTooSmall,
                $"'{v.Name}' is {size.Name}, which holds at most {size.MaxDataDisks} data disks; resize it to attach more.", "lun");
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
        if (vm is null) return PortalError.NotFound($"Virtual machine '{vmName}' in cloud service '{serviceName}'");
        if (vm.ActiveOperationId is not null) return Busy(vm.Name);
        if (check(vm) is { } refusal) return refusal;
        // A VM whose blob was deleted by hand can still be deleted or have a disk detached; nothing else it could do.
        if (NeedBlobs.Contains(kind) && await disks.MissingBlobsAsync(vm.Disks.Select(d => d.MediaLink), ct) is { Count: > 0 } missing)
            return MissingBlobs.Error($"'{vm.Name}'", missing);

        var operation = queue.Add(db, kind, OperationTargets.Vm(vm.CloudService!.Name, vm.Name), payload, vm, actor)!;
        await db.SaveChangesAsync(ct);
        queue.Wake();
        return OperationView.From(operation);
    }

    private static PortalError Busy(string vmName) =>
        new(ErrorCodes.VmBusy, $"'{vmName}' is busy with another operation; wait for it to finish and try again.");
}
