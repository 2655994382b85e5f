using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;

namespace VmPortal.Core.Dashboard;

/// <summary>
/// Keeps reading the catalogue cheap as it grows, every <see cref="RoundLength"/> (the first at start-up), on one instance
/// at a time: folds the rows the count triggers wrote since into one per key, so <see cref="CatalogueCounts"/> sums a
/// handful of rows; and on SQLite refreshes the query planner's statistics (<c>PRAGMA optimize</c>, which analyses a table
/// only when it has none or its size changed tenfold), without which SQLite sorts the whole VM list for its first page or
/// a page reached by <c>skip</c> instead of reading it in index order. PostgreSQL's autovacuum keeps its own statistics.
/// A round runs beside every other connection, so it changes no schema: the migration made the statistics tables
/// (<see cref="PlannerStatistics"/>).
/// </summary>
public sealed class CatalogueUpkeep(
    IDbContextFactory<PortalDbContext> dbFactory, Leases leases, TimeProvider time, ILogger<CatalogueUpkeep> logger)
    : LeasedRoundService(LeaseName, leases, time, logger)
{
    public const string LeaseName = "catalogue-upkeep";
    public static readonly TimeSpan RoundLength = TimeSpan.FromMinutes(1);

    protected override TimeSpan Round => RoundLength;

    protected override string Work => "Keeping the catalogue's counts and statistics";

    protected override Task RunRoundAsync(CancellationToken cancellationToken) => RunAsync(dbFactory, cancellationToken);

    /// <summary>One round's work, also for a host that does not run the service (the scale benchmark).</summary>
    public static async Task RunAsync(IDbContextFactory<PortalDbContext> dbFactory, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await CatalogueCounts.CompactAsync(db, cancellationToken);
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync(PlannerStatistics.SqliteRefresh, cancellationToken);
    }
}
