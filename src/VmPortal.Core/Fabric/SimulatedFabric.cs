using VmPortal.Core.Disks;
using VmPortal.Core.Operations;

namespace VmPortal.Core.Fabric;

/// <summary>
/// The simulated hypervisor: every guest action is a real write to the guest record on the OS disk (R5),
/// taking fabric time (<see cref="FabricClock"/>).
/// </summary>
public sealed class SimulatedFabric(DiskStore disks, GuestIoGate gate, FabricClock clock) : IFabric
{
    public async Task<GuestRecord> PowerOnAsync(
        FabricVm vm, ProvisioningRequest? provisioning, Func<BootPhase, Task> onPhase, CancellationToken cancellationToken)
    {
        var record = await ReadGuestAsync(vm, cancellationToken);
        if (record.Generalized)
        {
            if (provisioning is null)
                throw new OperationFailedException(ErrorCodes.ProvisioningFailed,
                    FabricMessages.Format("GuestAwaitsProvisioning", vm.Name));
            await onPhase(BootPhase.Provisioning);
            await clock.DelayAsync(FabricClock.Provisioning, cancellationToken);
            record = record with
            {
                Generalized = false,
                Provisioned = true,
                MachineId = Guid.NewGuid(),
                ComputerName = provisioning.ComputerName,
                AdminUserName = provisioning.AdminUserName,
            };
            await WriteGuestAsync(vm, record, cancellationToken);
        }

        await onPhase(BootPhase.Starting);
        await clock.DelayAsync(FabricClock.Boot, cancellationToken);
        // A guest that boots with its running flag still set was not shut down cleanly (R25).
        record = record with
        {
            LastShutdownUnexpected = record.Running,
            Running = true,
            BootCount = record.BootCount + 1,
            LastBootTime = clock.Now,
        };
        await WriteGuestAsync(vm, record, cancellationToken);
        await onPhase(BootPhase.Running);
        return record;
    }

    public async Task PowerOffAsync(FabricVm vm, bool deallocate, CancellationToken cancellationToken)
    {
        var record = await ReadGuestAsync(vm, cancellationToken);
        if (record.Running)
        {
            await clock.DelayAsync(FabricClock.Shutdown, cancellationToken);
            await WriteGuestAsync(vm, record with { Running = false }, cancellationToken);
        }
        if (deallocate) await clock.DelayAsync(FabricClock.Deallocate, cancellationToken);
    }

    public async Task GeneralizeAsync(FabricVm vm, CancellationToken cancellationToken)
    {
        var record = await ReadGuestAsync(vm, cancellationToken);
        await clock.DelayAsync(FabricClock.Sysprep, cancellationToken);
        // Sysprep / waagent -deprovision removes the machine's identity and shuts it down cleanly.
        await WriteGuestAsync(vm, record with
        {
            Generalized = true,
            Provisioned = false,
            ComputerName = null,
            AdminUserName = null,
            MachineId = null,
            Running = false,
            LastShutdownUnexpected = false,
        }, cancellationToken);
    }

    public Task<GuestRecord> InspectAsync(FabricVm vm, CancellationToken cancellationToken) => ReadGuestAsync(vm, cancellationToken);

    public Task<IAsyncDisposable> PauseGuestWritesAsync(int vmId, CancellationToken cancellationToken) =>
        gate.PauseAsync(vmId, cancellationToken);

    /// <summary>The simulated guest's disks are the catalogue's: each heartbeat goes to the disks the catalogue lists then.</summary>
    public Task AttachDiskAsync(FabricVm vm, FabricDataDisk disk, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Nothing holds the disk but the catalogue row, which the detach changes next.</summary>
    public Task DetachDiskAsync(FabricVm vm, int lun, CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<GuestRecord> ReadGuestAsync(FabricVm vm, CancellationToken cancellationToken)
    {
        var read = await disks.ReadGuestRecordAsync(vm.OsDisk, cancellationToken);
        return read.Value ?? throw new OperationFailedException(ErrorCodes.InternalError,
            FabricMessages.Format("GuestRecordUnusable", vm.Name, Sentence.Nested(read.Message)));
    }

    private Task WriteGuestAsync(FabricVm vm, GuestRecord record, CancellationToken cancellationToken) =>
        gate.WriteAsync(vm.Id, () => disks.WriteGuestRecordAsync(vm.OsDisk, record, cancellationToken), cancellationToken);
}
