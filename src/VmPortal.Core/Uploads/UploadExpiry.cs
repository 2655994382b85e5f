using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;

namespace VmPortal.Core.Uploads;

/// <summary>
/// Removes uploads left alone past their expiry (<c>Portal:UploadExpiryHours</c> after their last chunk), with their blobs,
/// as the portal itself: every <see cref="Round"/>, on one instance at a time (the <see cref="LeaseName"/> lease). The blob
/// goes first and the row after it, so a round cut short leaves the row, and the next round finishes the job.
/// </summary>
public sealed class UploadExpiry(
    IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, AuditLog audit, Leases leases, TimeProvider time, ILogger<UploadExpiry> logger)
    : LeasedRoundService(LeaseName, leases, time, logger)
{
    public const string LeaseName = "upload-expiry";
    public static readonly TimeSpan RoundLength = TimeSpan.FromMinutes(5);

    protected override TimeSpan Round => RoundLength;

    protected override string Work => "Removing expired uploads";

    protected override Task RunRoundAsync(CancellationToken cancellationToken) => ExpireDueAsync(cancellationToken);

    /// <summary>Removes every upload whose expiry has come, and its blob; returns how many.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        var now = Time.GetUtcNow();
        List<Upload> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            due = await db.Uploads.AsNoTracking().Where(u => u.ExpiresAt <= now).OrderBy(u => u.ExpiresAt).ToListAsync(ct);
        foreach (var upload in due)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // A disk or image made from the blob by other means keeps it; only the upload goes then.
            var used = await db.Disks.AnyAsync(d => d.MediaLink == upload.BlobUri, ct)
                || await db.Set<ImageDisk>().AnyAsync(d => d.MediaLink == upload.BlobUri, ct);
            if (!used)
                await store.Resolve(new Uri(upload.BlobUri)).Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: ct);
            // The row and its audit entry commit together; a chunk that moved the expiry meanwhile keeps the row (its blob is gone).
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var removed = await db.Uploads.Where(u => u.Id == upload.Id && u.ExpiresAt <= now).ExecuteDeleteAsync(ct);
            if (removed == 0) continue;
            audit.Record(db, Actor.Portal, AuditActions.ExpireUpload, OperationTargets.Upload(upload.Id),
                used ? $"{upload.BlobUri} kept: a disk or image uses it" : $"{upload.BlobUri} deleted");
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation("Upload {Id} expired; {Blob} {Outcome}", upload.Id, upload.BlobUri, used ? "kept" : "deleted");
        }
        return due.Count;
    }
}
