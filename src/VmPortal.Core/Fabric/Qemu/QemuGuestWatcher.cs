using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// Under QEMU the guests write their own heartbeats (R5a), so what the simulated agent does by the clock is read here from
/// the disks: a booted guest becomes ready (R24) when its agent's first heartbeat after the boot lands. The VMs this
/// instance runs are watched by this instance, whatever the others do.
/// </summary>
public sealed class QemuGuestWatcher(
    IDbContextFactory<PortalDbContext> dbFactory, QemuMachines machines, DiskStore disks, VmChanges changes, TimeProvider time,
    ILogger<QemuGuestWatcher> logger) : Microsoft.Extensions.Hosting.BackgroundService
{
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Round, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await MarkReadyGuestsAsync(stoppingToken);
                await SettleCrashedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e, "Watching the QEMU guests failed; trying again next round"); }
        }
    }

    /// <summary>
    /// A QEMU that ended on its own (the guest crashed, the process was killed) is the VM's failure, not the portal's: the VM
    /// is recorded stopped — unless an operation owns it, which finds out itself — and its console's last lines are logged.
    /// Its next boot reports the unexpected shutdown (R25).
    /// </summary>
    internal async Task SettleCrashedAsync(CancellationToken ct)
    {
        foreach (var machine in machines.Crashed())
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var settled = await db.VirtualMachines
                .Where(v => v.Id == machine.Vm.Id && v.ActiveOperationId == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(v => v.Status, VmStatus.StoppedVM)
                    .SetProperty(v => v.PowerState, PowerState.Stopped)
                    .SetProperty(v => v.GuestReady, false)
                    .SetProperty(v => v.GuestReadyAt, (DateTimeOffset?)null)
                    .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), ct);
            if (settled == 0) continue;
            logger.LogWarning("The QEMU of VM {Vm} ended on its own; the VM is stopped. Its console last said: {Console} {Complaints}",
                machine.Vm.Name, string.Join(" | ", machine.ConsoleTail(5)), machine.Complaints);
            await machines.ForgetAsync(machine.Vm.Id);
            changes.Publish(machine.Vm.Id);
        }
    }

    /// <summary>Only the VMs this instance runs are read: with no guest booting here, a round asks the database nothing.</summary>
    internal async Task MarkReadyGuestsAsync(CancellationToken ct)
    {
        var running = machines.RunningIds();
        if (running.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var starting = await db.VirtualMachines.Include(v => v.Disks)
            .Where(v => v.Status == VmStatus.RoleStateUnknown && running.Contains(v.Id)).ToListAsync(ct);
        var ready = new List<VirtualMachine>();
        foreach (var vm in starting)
        {
            var osDisk = FabricVm.From(vm).OsDisk;
            var guest = await disks.ReadGuestRecordAsync(osDisk, ct);
            var beat = await disks.ReadHeartbeatAsync(osDisk, ct);
            if (guest.Value?.LastBootTime is { } booted && beat.Value is { } last && last.Time >= booted) ready.Add(vm);
        }
        await GuestReadiness.MarkReadyAsync(db, ready, changes, ct);
    }
}
