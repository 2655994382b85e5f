using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Dashboard;

/// <summary>
/// One storage account's disks (VM disks and image VHDs, each blob once): what they may grow to
/// (<see cref="ProvisionedBytes"/>, the sum of logical sizes) and what they store (<see cref="AllocatedBytes"/>, R2).
/// <see cref="UnreadBlobs"/> counts blobs whose allocation could not be read; they are left out of the allocated sum.
/// </summary>
public sealed record StorageUsageView(string Account, string Location, int Blobs, long ProvisionedBytes, long AllocatedBytes, int UnreadBlobs);

/// <summary>The dashboard's storage chart: per account, provisioned against allocated bytes.</summary>
public sealed class StorageUsageQueries(IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, DiskStore store)
{
    /// <summary>How many blobs are asked for their page ranges at once.</summary>
    public const int MaxConcurrentReads = 8;

    public async Task<IReadOnlyList<StorageUsageView>> PerAccountAsync(CancellationToken ct = default)
    {
        List<(string MediaLink, int SizeInGb)> blobs;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var disks = await db.Disks.AsNoTracking().Select(d => new { d.MediaLink, d.LogicalSizeInGb }).ToListAsync(ct);
            var images = await db.Set<ImageDisk>().AsNoTracking().Select(d => new { d.MediaLink, d.LogicalSizeInGb }).ToListAsync(ct);
            blobs = disks.Concat(images).DistinctBy(d => d.MediaLink, StringComparer.OrdinalIgnoreCase)
                .Select(d => (d.MediaLink, d.LogicalSizeInGb)).ToList();
        }

        using var gate = new SemaphoreSlim(MaxConcurrentReads);
        var measured = await Task.WhenAll(blobs.Select(async blob =>
        {
            await gate.WaitAsync(ct);
            try { return (blob, Account: AccountOf(blob.MediaLink), Allocated: await store.AllocatedBytesOrNullAsync(blob.MediaLink, ct)); }
            finally { gate.Release(); }
        }));

        return accounts.All.OrderBy(a => a.Name).Select(account =>
        {
            var mine = measured.Where(m => m.Account == account.Name).ToList();
            return new StorageUsageView(account.Name, account.Location, mine.Count,
                mine.Sum(m => (long)m.blob.SizeInGb * 1024 * 1024 * 1024),
                mine.Sum(m => m.Allocated ?? 0), mine.Count(m => m.Allocated is null));
        }).ToList();
    }

    private string? AccountOf(string mediaLink) =>
        Uri.TryCreate(mediaLink, UriKind.Absolute, out var uri) && accounts.TryGetByBlobUri(uri, out var account) ? account.Name : null;
}
