using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Cluster;

/// <summary>
/// The portal instances sharing the database. Each announces itself at start-up and every <see cref="Interval"/> after;
/// at start-up it refuses a set-up that cannot work beside the instances already running: two instances on SQLite
/// (events would not reach each other), an instance with the embedded Azurite beside another (each would keep its disks
/// in storage of its own), or instances with different storage accounts. A record not renewed for
/// <see cref="StaleAfter"/>, or left by an earlier process on this host, no longer counts.
/// </summary>
public sealed class InstanceRegistry(
    IDbContextFactory<PortalDbContext> dbFactory,
    DatabaseLocks locks,
    PortalDatabase database,
    BlobAccounts accounts,
    PortalInstance instance,
    TimeProvider time,
    ILogger<InstanceRegistry> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(35);
    public const string EmbeddedStorage = "embedded";

    /// <summary>What this instance's storage is, comparable between instances.</summary>
    public string Storage => accounts.IsEmbedded
        ? EmbeddedStorage
        : string.Join(";", accounts.All.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
            .Select(a => $"{a.Name.ToLowerInvariant()}={a.BlobEndpoint.AbsoluteUri.TrimEnd('/')}"));

    /// <summary>Announces this instance, or throws a <see cref="PortalStartupException"/> saying why it cannot join the others.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        // Two instances starting at once see each other: the second waits for the first's record.
        await using var held = await locks.HoldAsync(LockSpace.Startup, 1, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var records = await db.PortalInstances.ToListAsync(cancellationToken);
        var stale = records.Where(r => IsStale(r, now)).ToList();
        db.PortalInstances.RemoveRange(stale);
        if (records.Except(stale).Select(Conflict).FirstOrDefault(c => c is not null) is { } conflict)
            throw new PortalStartupException(conflict);
        db.PortalInstances.Add(new PortalInstanceRecord
        {
            Id = instance.Id, Host = instance.Host, ProcessId = instance.ProcessId, Storage = Storage, StartedTime = now, SeenTime = now,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private string? Conflict(PortalInstanceRecord other)
    {
        var who = $"Another portal instance ({other.Host}, process {other.ProcessId}) is using this database";
        if (database.Provider == DatabaseProvider.Sqlite)
            return $"{who}; SQLite serves one instance: set Portal:DatabaseProvider to PostgreSql to run several.";
        if (Storage == EmbeddedStorage || other.Storage == EmbeddedStorage)
            return $"{who}; several instances need shared storage accounts in Storage:Accounts, not the embedded Azurite.";
        if (other.Storage != Storage)
            return $"{who} with other storage accounts; every instance needs the same Storage:Accounts.";
        return null;
    }

    private bool IsStale(PortalInstanceRecord record, DateTimeOffset now) =>
        record.SeenTime < now - StaleAfter
        // On this host a record names a process: one that is gone (or is us, restarted in a container) left it behind.
        || (record.Host == instance.Host && (record.ProcessId == instance.ProcessId || !IsRunning(record.ProcessId)));

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                var now = time.GetUtcNow();
                var seen = await db.PortalInstances.Where(r => r.Id == instance.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(r => r.SeenTime, now), stoppingToken);
                if (seen > 0) continue;
                // Another instance took our record for stale (we lost the database for a while): announce ourselves again.
                db.PortalInstances.Add(new PortalInstanceRecord
                {
                    Id = instance.Id, Host = instance.Host, ProcessId = instance.ProcessId, Storage = Storage, StartedTime = now, SeenTime = now,
                });
                await db.SaveChangesAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning(e, "Could not tell the other instances this one is alive; trying again"); }
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try { return await timer.WaitForNextTickAsync(stoppingToken); }
        catch (OperationCanceledException) { return false; }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.PortalInstances.Where(r => r.Id == instance.Id).ExecuteDeleteAsync(cancellationToken);
        }
        // Best effort, cancelled or not: a stop past its deadline must still stop cleanly, and what is left lapses.
        catch (Exception e)
        {
            logger.LogInformation(e, "This instance's record was not removed; it goes stale by itself");
        }
    }
}
