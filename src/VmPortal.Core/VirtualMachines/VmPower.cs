using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Boot and shutdown as the catalogue sees them: each fabric phase becomes the VM's status (API.md), so
/// every page and client watches the same life cycle. The guest is the truth: a resumed or abandoned operation
/// asks it (<see cref="IFabric.InspectAsync"/>) where the catalogue lags behind.
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
                    await context.ReportAsync(Math.Max(context.Progress, 20), VmMessages.Get("StepProvisioningGuest"), ct);
                    await SetAsync(vm.Id, VmStatus.Provisioning, PowerState.Starting, null, ct);
                    break;
                case BootPhase.Starting:
                    await context.ReportAsync(Math.Max(context.Progress, 50), VmMessages.Get("StepStarting"), ct);
                    await SetAsync(vm.Id, VmStatus.StartingVM, PowerState.Starting, null, ct);
                    break;
            }
        }, ct);
        await SetRunningAsync(vm.Id, guest.MachineId, ct);
    }

    /// <summary>
    /// Boots the guest — unless this operation booted it already: a boot the portal died in the middle of may have finished
    /// in the guest without the catalogue hearing of it; then only the catalogue is brought up to date, and the guest is not
    /// booted twice. (A running flag older than the operation is a power cut's, or a copy's of a running disk: that guest boots.)
    /// </summary>
    public async Task EnsureRunningAsync(VirtualMachine vm, ProvisioningRequest? provisioning, OperationContext context, CancellationToken ct)
    {
        if (context.IsResume)
        {
            var guest = await fabric.InspectAsync(FabricVm.From(vm), ct);
            var started = context.StartedTime.AddTicks(-(context.StartedTime.Ticks % TimeSpan.TicksPerMillisecond));
            if (guest.Running && guest.LastBootTime >= started)
            {
                await SetRunningAsync(vm.Id, guest.MachineId, ct);
                return;
            }
        }
        await BootAsync(vm, provisioning, context, ct);
    }

    public async Task ShutdownAsync(VirtualMachine vm, bool deallocate, OperationContext context, CancellationToken ct)
    {
        await context.ReportAsync(Math.Max(context.Progress, 30), deallocate ? VmMessages.Get("StepShuttingDownDeallocating") : VmMessages.Get("StepShuttingDown"), ct);
        await SetAsync(vm.Id, VmStatus.StoppingVM, PowerState.Stopping, null, ct);
        await fabric.PowerOffAsync(FabricVm.From(vm), deallocate, ct);
        await SetAsync(vm.Id, deallocate ? VmStatus.StoppedDeallocated : VmStatus.StoppedVM, PowerState.Stopped, null, ct);
    }

    /// <summary>
    /// Makes the catalogue say what the guest is, for an operation given up on: running, stopped, or — a generalized guest that
    /// a deploy never got to provision — <c>ProvisioningFailed</c>.
    /// </summary>
    public async Task SettleAsync(VirtualMachine vm, CancellationToken ct)
    {
        var guest = await fabric.InspectAsync(FabricVm.From(vm), ct);
        if (guest.Running) await SetRunningAsync(vm.Id, guest.MachineId, ct);
        else if (guest.Generalized && vm.Status == VmStatus.Provisioning) await SetAsync(vm.Id, VmStatus.ProvisioningFailed, PowerState.Stopped, null, ct);
        else await SetAsync(vm.Id, VmStatus.StoppedVM, PowerState.Stopped, null, ct);
    }

    /// <summary>
    /// Running, but RDP/SSH answer only once the guest has finished booting (R24). The guest's identity goes with it, so
    /// clones (R26) are found without reading every disk.
    /// </summary>
    private async Task SetRunningAsync(int vmId, Guid? machineId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var readyAt = clock.Now + clock.Scaled(FabricClock.GuestReady);
        await db.VirtualMachines.Where(v => v.Id == vmId).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Status, VmStatus.RoleStateUnknown)
            .SetProperty(v => v.PowerState, PowerState.Started)
            .SetProperty(v => v.GuestReady, false)
            .SetProperty(v => v.GuestReadyAt, readyAt)
            .SetProperty(v => v.MachineId, machineId)
            .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), ct);
        changes.Publish(vmId);
    }

    /// <summary>Sysprep / waagent -deprovision has run: the guest is stopped and has no identity any more (R9).</summary>
    public async Task SetGeneralizedAsync(int vmId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.VirtualMachines.Where(v => v.Id == vmId).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.Status, VmStatus.StoppedVM)
            .SetProperty(v => v.PowerState, PowerState.Stopped)
            .SetProperty(v => v.GuestReady, false)
            .SetProperty(v => v.GuestReadyAt, (DateTimeOffset?)null)
            .SetProperty(v => v.MachineId, (Guid?)null)
            .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), ct);
        changes.Publish(vmId);
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
