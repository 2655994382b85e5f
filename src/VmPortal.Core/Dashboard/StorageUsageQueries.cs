using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Core.Dashboard;

/// <summary>
/// One storage account's disks and image VHDs as last measured (see <see cref="StorageTotalsService"/>): blobs, what they
/// may grow to and what they store (R2), and when; <see cref="MeasuredTime"/> is null until the first measurement.
/// </summary>
public sealed record StorageUsageView(
    string Account, string Location, int Blobs, long ProvisionedBytes, long AllocatedBytes, int UnreadBlobs, DateTimeOffset? MeasuredTime);

/// <summary>
/// The dashboard's storage chart: per account, provisioned against allocated bytes, from the catalogue. Reading page ranges
/// blob by blob costs a round trip per disk, so that happens in the background, never on a visit.
/// </summary>
public sealed class StorageUsageQueries(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<IReadOnlyList<StorageUsageView>> PerAccountAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var accounts = await db.StorageAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        return accounts.Select(a => new StorageUsageView(a.Name, a.Location, a.Totals?.Blobs ?? 0, a.Totals?.ProvisionedBytes ?? 0,
            a.Totals?.AllocatedBytes ?? 0, a.Totals?.UnreadBlobs ?? 0, a.Totals?.MeasuredTime)).ToList();
    }
}
