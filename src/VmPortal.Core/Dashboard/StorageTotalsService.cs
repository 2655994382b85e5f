using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Dashboard;

/// <summary>
/// Measures what every storage account's disks and image VHDs store — one page-range read per blob, a few at a time — and
/// keeps the totals in the catalogue, where the dashboard reads them. At start-up and then every <see cref="Interval"/>,
/// on one instance at a time (the <see cref="LeaseName"/> lease); whether a measurement is due is read from the catalogue,
/// so an instance that takes the lease over neither repeats nor skips one.
/// </summary>
public sealed class StorageTotalsService(
    IDbContextFactory<PortalDbContext> dbFactory,
    BlobAccounts accounts,
    DiskStore store,
    Leases leases,
    TimeProvider time,
    ILogger<StorageTotalsService> logger) : LeasedRoundService(LeaseName, leases, time, logger)
{
    public const string LeaseName = "storage-totals";

    /// <summary>How many blobs are asked for their page ranges at once.</summary>
    public const int MaxConcurrentReads = 8;

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RoundLength = TimeSpan.FromSeconds(30);

    protected override TimeSpan Round => RoundLength;

    protected override string Work => "Measuring storage totals";

    /// <summary>The lease outlasts a measurement by a round; whether one is due is the catalogue's word.</summary>
    protected override async Task RunRoundAsync(CancellationToken cancellationToken)
    {
        if (await IsDueAsync(cancellationToken)) await MeasureAsync(cancellationToken);
    }

    private async Task<bool> IsDueAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var due = Time.GetUtcNow() - Interval;
        return await db.StorageAccounts.AnyAsync(a => a.Totals == null || a.Totals.MeasuredTime < due, ct);
    }

    /// <summary>Reads every blob's allocation now and records the totals per account.</summary>
    public async Task MeasureAsync(CancellationToken ct)
    {
        List<(string MediaLink, int SizeInGb)> blobs;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var disks = await db.Disks.AsNoTracking().Select(d => new { d.MediaLink, d.LogicalSizeInGb }).ToListAsync(ct);
            var images = await db.Set<ImageDisk>().AsNoTracking().Select(d => new { d.MediaLink, d.LogicalSizeInGb }).ToListAsync(ct);
            blobs = disks.Concat(images).DistinctBy(d => d.MediaLink, StringComparer.OrdinalIgnoreCase)
                .Select(d => (d.MediaLink, d.LogicalSizeInGb)).ToList();
        }

        var measured = new (string? Account, long Provisioned, long? Allocated)[blobs.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, blobs.Count), new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentReads, CancellationToken = ct },
            async (i, token) => measured[i] = (AccountOf(blobs[i].MediaLink), (long)blobs[i].SizeInGb * 1024 * 1024 * 1024,
                await store.AllocatedBytesOrNullAsync(blobs[i].MediaLink, token)));

        var now = Time.GetUtcNow();
        await using var write = await dbFactory.CreateDbContextAsync(ct);
        foreach (var account in await write.StorageAccounts.ToListAsync(ct))
        {
            var mine = measured.Where(m => m.Account == account.Name).ToList();
            account.Totals = new StorageTotals
            {
                Blobs = mine.Count, ProvisionedBytes = mine.Sum(m => m.Provisioned), AllocatedBytes = mine.Sum(m => m.Allocated ?? 0),
                UnreadBlobs = mine.Count(m => m.Allocated is null), MeasuredTime = now,
            };
        }
        await write.SaveChangesAsync(ct);
    }

    private string? AccountOf(string mediaLink) =>
        Uri.TryCreate(mediaLink, UriKind.Absolute, out var uri) && accounts.TryGetByBlobUri(uri, out var account) ? account.Name : null;
}
