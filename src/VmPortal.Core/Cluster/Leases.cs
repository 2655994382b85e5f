using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Cluster;

/// <summary>
/// Named leases on periodic work, so one instance at a time does it: a holder renews its lease each round, and when
/// it stops renewing (it died, or lost the database) another instance takes the work over once the lease lapses.
/// </summary>
public sealed class Leases(IDbContextFactory<PortalDbContext> dbFactory, PortalInstance instance, TimeProvider time, ILogger<Leases> logger)
{
    /// <summary>Takes or renews <paramref name="name"/> for <paramref name="duration"/>; false while another instance holds it.</summary>
    public async Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var until = now + duration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One conditional UPDATE: of two instances racing for a lapsed lease exactly one changes the row.
        var held = await db.Leases
            .Where(l => l.Name == name && (l.Owner == instance.Id || l.Expires < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Owner, instance.Id).SetProperty(l => l.Expires, until), cancellationToken);
        if (held == 1) return true;
        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken)) return false;
        db.Leases.Add(new Lease { Name = name, Owner = instance.Id, Expires = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            return false; // another instance made the lease first
        }
    }

    /// <summary>
    /// Gives the lease up at once (a clean stop), so another instance need not wait for it to lapse. Best effort, cancelled
    /// or not: a stop past its deadline must still stop cleanly, and a lease left behind lapses by itself.
    /// </summary>
    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Leases.Where(l => l.Name == name && l.Owner == instance.Id).ExecuteDeleteAsync(cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogInformation(e, "The lease {Lease} was not released; it lapses by itself", name);
        }
    }
}
