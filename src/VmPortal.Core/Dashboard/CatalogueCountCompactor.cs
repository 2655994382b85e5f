using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;

namespace VmPortal.Core.Dashboard;

/// <summary>
/// Keeps reading <see cref="CatalogueCounts"/> cheap: every <see cref="RoundLength"/>, on one instance at a time, folds the
/// rows the triggers wrote since into one per key, so a count sums a handful of rows however large the catalogue grows.
/// </summary>
public sealed class CatalogueCountCompactor(
    IDbContextFactory<PortalDbContext> dbFactory, Leases leases, TimeProvider time, ILogger<CatalogueCountCompactor> logger)
    : LeasedRoundService(LeaseName, leases, time, logger)
{
    public const string LeaseName = "catalogue-counts";
    public static readonly TimeSpan RoundLength = TimeSpan.FromMinutes(1);

    protected override TimeSpan Round => RoundLength;

    protected override string Work => "Folding the catalogue counts";

    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await CatalogueCounts.CompactAsync(db, cancellationToken);
    }
}
