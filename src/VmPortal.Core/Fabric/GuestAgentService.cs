using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric;

/// <summary>
/// What running guests do on their own: become ready for RDP/SSH some minutes after booting (R24), and write a
/// heartbeat — one sequence number for all of a VM's disks (R5a). A guest being captured beats every few seconds, so
/// the snapshot barrier has writes to hold back; every other running guest beats every few minutes, spread over the
/// rounds by VM id, so storage writes grow with what needs them rather than with the estate. State lives in the
/// database (<see cref="VirtualMachine.GuestReadyAt"/>) and the disks (the last sequence number is read back before
/// each beat), so a restart — or another instance taking over — loses nothing. One instance at a time runs the agent,
/// under the <see cref="LeaseName"/> lease.
/// </summary>
public sealed class GuestAgentService(
    IDbContextFactory<PortalDbContext> dbFactory,
    DiskStore disks,
    GuestIoGate gate,
    FabricClock clock,
    VmChanges changes,
    Leases leases,
    ILogger<GuestAgentService> logger) : LeasedRoundService(LeaseName, leases, clock.Time, logger)
{
    public const string LeaseName = "guest-agent";

    private static readonly VmStatus[] Running = [VmStatus.RoleStateUnknown, VmStatus.ReadyRole];

    /// <summary>Never tighter than a second of real time, whatever the speed: heartbeats are real page writes.</summary>
    private TimeSpan Tick => TimeSpan.FromTicks(Math.Max(clock.Scaled(FabricClock.Heartbeat).Ticks, TimeSpan.FromSeconds(1).Ticks));

    /// <summary>In how many rounds every idle guest beats once.</summary>
    private int Spread => (int)Math.Max(1, Math.Round(clock.Scaled(FabricClock.IdleHeartbeat) / Tick));

    protected override TimeSpan Round => Tick;

    protected override string Work => "The guest agent's round";

    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await MarkReadyGuestsAsync(cancellationToken);
        await BeatAsync(cancellationToken);
    }

    internal async Task MarkReadyGuestsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.Now;
        var ready = await db.VirtualMachines
            .Where(v => v.Status == VmStatus.RoleStateUnknown && v.GuestReadyAt != null && v.GuestReadyAt <= now)
            .ToListAsync(cancellationToken);
        await GuestReadiness.MarkReadyAsync(db, ready, changes, cancellationToken);
    }

    /// <summary>One round: the guests being captured, and this round's share of the others.</summary>
    internal async Task BeatAsync(CancellationToken cancellationToken)
    {
        var spread = Spread;
        var slot = (int)(clock.Now.ToUnixTimeMilliseconds() / (long)Tick.TotalMilliseconds % spread);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var due = await db.VirtualMachines.AsNoTracking().Include(v => v.Disks)
            .Where(v => Running.Contains(v.Status))
            .Where(v => v.Id % spread == slot
                || db.Operations.Any(o => o.Id == v.ActiveOperationId && o.Kind == OperationKinds.CaptureVmImage))
            .ToListAsync(cancellationToken);
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (vm, ct) =>
            {
                // One VM's trouble (a blob deleted by hand, say) is that VM's: every other guest still beats.
                try
                {
                    var fabricVm = FabricVm.From(vm);
                    await gate.WriteAsync(vm.Id, async () =>
                    {
                        // The disk holds the last number, whichever instance wrote it.
                        var last = await disks.ReadHeartbeatAsync(fabricVm.OsDisk, ct);
                        var beat = new Heartbeat((last.Value?.Sequence ?? 0) + 1, clock.Now);
                        foreach (var disk in fabricVm.AllDisks) await disks.WriteHeartbeatAsync(disk, beat, ct);
                    }, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "The heartbeat of VM {VmId} ({Name}) failed; the other guests' heartbeats go on", vm.Id, vm.Name);
                }
            });
    }
}
