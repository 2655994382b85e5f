using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Boot and shutdown as the catalogue sees them: each fabric phase becomes the VM's status (API.md), so
/// every page and client watches the same life cycle.
/// </summary>
public sealed class VmPower(IDbContextFactory<PortalDbContext> dbFactory, IFabric fabric, FabricClock clock, VmChanges changes)
{
    public async Task BootAsync(VirtualMachine vm, ProvisioningRequest? provisioning, OperationContext context, CancellationToken ct)
    {
        var guest = await fabric.PowerOnAsync(FabricVm.From(vm), provisioning, async phase =>
        {
            switch (phase)
            {
                case BootPhase.Provisioning:
                    await context.ReportAsync(Math.Max(context.Progress, 20), "Provisioning the guest", ct);
                    await SetAsync(vm.Id, VmStatus.Provisioning, PowerState.Starting, null, ct);
                    break;
                case BootPhase.Starting:
                    await context.ReportAsync(Math.Max(context.Progress, 50), "Starting", ct);
                    await SetAsync(vm.Id, VmStatus.StartingVM, PowerState.Starting, null, ct);
                    break;
                case BootPhase.Running:
                    // Running, but RDP/SSH answer only once the guest has finished booting (R24).
                    await SetAsync(vm.Id, VmStatus.RoleStateUnknown, PowerState.Started, clock.Now + clock.Scaled(FabricClock.GuestReady), ct);
                    break;
            }
        }, ct);
        await RecordMachineIdAsync(vm.Id, guest.MachineId, ct);
    }

    /// <summary>The catalogue's copy of the guest's identity, so clones (R26) are found without reading every disk.</summary>
    public async Task RecordMachineIdAsync(int vmId, Guid? machineId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.VirtualMachines.Where(v => v.Id == vmId).ExecuteUpdateAsync(s => s.SetProperty(v => v.MachineId, machineId), ct);
    }

    public async Task ShutdownAsync(VirtualMachine vm, bool deallocate, OperationContext context, CancellationToken ct)
    {
        await context.ReportAsync(Math.Max(context.Progress, 30), deallocate ? "Shutting down and deallocating" : "Shutting down", ct);
        await SetAsync(vm.Id, VmStatus.StoppingVM, PowerState.Stopping, null, ct);
        await fabric.PowerOffAsync(FabricVm.From(vm), deallocate, ct);
        await SetAsync(vm.Id, deallocate ? VmStatus.StoppedDeallocated : VmStatus.StoppedVM, PowerState.Stopped, null, ct);
    }

    public async Task SetAsync(int vmId, VmStatus status, PowerState power, DateTimeOffset? guestReadyAt, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The VM belongs to the running operation (its busy mark), so a direct update cannot lose a concurrent edit.
        await db.VirtualMachines.Where(v => v.Id == vmId).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Status, status)
            .SetProperty(v => v.PowerState, power)
            .SetProperty(v => v.GuestReady, false)
            .SetProperty(v => v.GuestReadyAt, guestReadyAt)
            .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), ct);
        changes.Publish(vmId);
    }

    public static bool IsRunning(VirtualMachine vm) => vm.PowerState is PowerState.Started or PowerState.Starting;
}
