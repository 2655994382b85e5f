using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric;

/// <summary>
/// What running guests do on their own: become ready for RDP/SSH some minutes after booting (R24), and
/// write a heartbeat — one sequence number for all of a VM's disks — every few seconds (R5a). State lives
/// in the database (<see cref="VirtualMachine.GuestReadyAt"/>) and the disks, so a restart loses nothing.
/// </summary>
public sealed class GuestAgentService(
    IDbContextFactory<PortalDbContext> dbFactory,
    DiskStore disks,
    GuestIoGate gate,
    FabricClock clock,
    VmChanges changes,
    ILogger<GuestAgentService> logger) : BackgroundService
{
    private static readonly VmStatus[] Running = [VmStatus.RoleStateUnknown, VmStatus.ReadyRole];
    private readonly ConcurrentDictionary<int, ulong> _sequences = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never tighter than a second of real time, whatever the speed: heartbeats are real page writes.
        var tick = TimeSpan.FromTicks(Math.Max(clock.Scaled(FabricClock.Heartbeat).Ticks, TimeSpan.FromSeconds(1).Ticks));
        using var timer = new PeriodicTimer(tick, clock.Time);
        do
        {
            try
            {
                await MarkReadyGuestsAsync(stoppingToken);
                await BeatAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Guest agent round failed; trying again next tick"); }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task MarkReadyGuestsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.Now;
        var ready = await db.VirtualMachines
            .Where(v => v.Status == VmStatus.RoleStateUnknown && v.GuestReadyAt != null && v.GuestReadyAt <= now)
            .ToListAsync(cancellationToken);
        if (ready.Count == 0) return;
        foreach (var vm in ready)
        {
            vm.Status = VmStatus.ReadyRole;
            vm.GuestReady = true;
            vm.GuestReadyAt = null;
        }
        try { await db.SaveChangesAsync(cancellationToken); }
        catch (DbUpdateConcurrencyException) { return; /* an operation changed the VM meanwhile: its word wins */ }
        foreach (var vm in ready) changes.Publish(vm.Id);
    }

    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var running = await db.VirtualMachines.AsNoTracking().Include(v => v.Disks)
            .Where(v => Running.Contains(v.Status)).ToListAsync(cancellationToken);
        await Parallel.ForEachAsync(running, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (vm, ct) =>
            {
                // One VM's trouble (a blob deleted by hand, say) is that VM's: every other guest still beats.
                try
                {
                    var fabricVm = FabricVm.From(vm);
                    var sequence = await NextSequenceAsync(fabricVm, ct);
                    var beat = new Heartbeat(sequence, clock.Now);
                    await gate.WriteAsync(vm.Id, async () =>
                    {
                        foreach (var disk in fabricVm.AllDisks) await disks.WriteHeartbeatAsync(disk, beat, ct);
                    }, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The heartbeat of VM {VmId} ({Name}) failed; the other guests' heartbeats go on", vm.Id, vm.Name);
                }
            });
    }

    private async Task<ulong> NextSequenceAsync(FabricVm vm, CancellationToken cancellationToken)
    {
        if (!_sequences.TryGetValue(vm.Id, out var last))
        {
            var read = await disks.ReadHeartbeatAsync(vm.OsDisk, cancellationToken);
            last = read.Value?.Sequence ?? 0;
        }
        var next = last + 1;
        _sequences[vm.Id] = next;
        return next;
    }
}
