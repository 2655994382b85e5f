using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Disks;

/// <summary>
/// The disks themselves: VHD page blobs in the portal's storage accounts, addressed by media link.
/// Stateless over thread-safe SDK clients, so one instance serves the whole portal.
/// </summary>
public sealed partial class DiskStore(BlobAccounts accounts)
{
    /// <summary>The account and page blob (or snapshot) a media link names.</summary>
    public DiskBlob Resolve(Uri mediaLink)
    {
        if (!accounts.TryGetByBlobUri(mediaLink, out var account))
            throw new ArgumentException($"No configured storage account serves {mediaLink}.", nameof(mediaLink));
        var parts = new BlobUriBuilder(mediaLink);
        var blob = account.Service.GetBlobContainerClient(parts.BlobContainerName).GetPageBlobClient(parts.BlobName);
        return new DiskBlob(account, string.IsNullOrEmpty(parts.Snapshot) ? blob : blob.WithSnapshot(parts.Snapshot));
    }

    /// <summary>
    /// A new, empty disk of <paramref name="sizeInGb"/> GiB in the account's <c>vhds</c> container: sparse, so
    /// only the footer page is stored. Never overwrites: a taken name throws <see cref="DiskNameTakenException"/>.
    /// </summary>
    /// <param name="owner">Tags the blob with the operation making it (<see cref="OwnerKey"/>), until the catalogue refers to it.</param>
    public async Task<Uri> CreateEmptyDiskAsync(
        BlobAccount account, string blobName, int sizeInGb, string? owner = null, CancellationToken cancellationToken = default)
    {
        if (sizeInGb is < 1 or > 1023)
            throw new ArgumentOutOfRangeException(nameof(sizeInGb), sizeInGb, "A disk is 1 to 1023 GB.");
        var dataSize = sizeInGb * VhdFooter.GiB;
        var blob = account.Vhds.GetPageBlobClient(blobName);
        try
        {
            await blob.CreateAsync(dataSize + VhdFooter.Size, new PageBlobCreateOptions { Conditions = NewBlobOnly, Metadata = OwnedBy(owner) }, cancellationToken);
        }
        catch (RequestFailedException e) when (IsNameTaken(e))
        {
            throw new DiskNameTakenException(blob.Uri);
        }
        try
        {
            await blob.UploadPagesAsync(new MemoryStream(VhdFooter.ForFixedDisk(dataSize).ToBytes()), dataSize, options: null, cancellationToken);
        }
        catch
        {
            // Without its footer the blob is no disk (R1); it was ours, so it goes.
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
        return blob.Uri;
    }

    /// <summary>R1 for a blob already in storage: is it a fixed VHD the portal accepts? Reads only the footer.</summary>
    public Task<VhdValidation> ValidateAsync(Uri disk, CancellationToken cancellationToken = default) =>
        ValidateAsync(Resolve(disk).Blob, cancellationToken);

    internal static async Task<VhdValidation> ValidateAsync(BlobBaseClient blob, CancellationToken cancellationToken)
    {
        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (properties.BlobType != BlobType.Page)
            return VhdValidation.Refused(VhdFooterProblem.NotAPageBlob,
                DiskMessages.Format("NotAPageBlob", properties.BlobType, Describe(properties.BlobType)));
        long length = properties.ContentLength;
        var footer = length >= VhdFooter.Size ? await ReadAsync(blob, length - VhdFooter.Size, VhdFooter.Size, cancellationToken) : [];
        return VhdFooter.Validate(footer, length);
    }

    public async Task<SectorRead<GuestRecord>> ReadGuestRecordAsync(Uri disk, CancellationToken cancellationToken = default) =>
        GuestRecord.Parse(await ReadAsync(Resolve(disk).Blob, GuestRecord.Offset, VhdFooter.SectorSize, cancellationToken));

    /// <summary>Writes sector 1 only; every other byte of the disk is left as it was.</summary>
    public Task WriteGuestRecordAsync(Uri disk, GuestRecord record, CancellationToken cancellationToken = default) =>
        WriteSectorAsync(disk, GuestRecord.Offset, record.ToBytes(), cancellationToken);

    public async Task<SectorRead<Heartbeat>> ReadHeartbeatAsync(Uri disk, CancellationToken cancellationToken = default) =>
        Heartbeat.Parse(await ReadAsync(Resolve(disk).Blob, Heartbeat.Offset, VhdFooter.SectorSize, cancellationToken));

    /// <summary>Writes the heartbeat sector only; every other byte of the disk is left as it was.</summary>
    public Task WriteHeartbeatAsync(Uri disk, Heartbeat heartbeat, CancellationToken cancellationToken = default) =>
        WriteSectorAsync(disk, Heartbeat.Offset, heartbeat.ToBytes(), cancellationToken);

    /// <summary>A point-in-time, read-only image of the disk (R11 copies from these); returns the snapshot's URI.</summary>
    /// <param name="owner">
    /// Tags the snapshot with the operation taking it (<see cref="OwnerKey"/>), so a rollback finds it even when the portal died
    /// before recording it. Without an owner the snapshot carries the disk's own metadata.
    /// </param>
    public async Task<Uri> SnapshotAsync(Uri disk, string? owner = null, CancellationToken cancellationToken = default)
    {
        var blob = Resolve(disk).Blob;
        var snapshot = await blob.CreateSnapshotAsync(OwnedBy(owner), cancellationToken: cancellationToken);
        return blob.WithSnapshot(snapshot.Value.Snapshot).Uri;
    }

    /// <summary>
    /// Deletes the snapshots of <paramref name="disk"/> that <paramref name="owner"/> took (and nothing else); returns how many.
    /// Lists only that one blob's snapshots, so it costs the same in a container of any size.
    /// </summary>
    public async Task<int> DeleteOwnedSnapshotsAsync(Uri disk, string owner, CancellationToken cancellationToken = default)
    {
        var target = Resolve(disk);
        var container = target.Blob.GetParentBlobContainerClient();
        var deleted = 0;
        await foreach (var item in container.GetBlobsAsync(
                           new GetBlobsOptions { Prefix = target.Blob.Name, States = BlobStates.Snapshots, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (item.Name != target.Blob.Name || item.Snapshot is null) continue;
            if (!item.Metadata.TryGetValue(OwnerKey, out var tag) || tag != owner) continue;
            await container.GetBlobClient(item.Name).WithSnapshot(item.Snapshot).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            deleted++;
        }
        return deleted;
    }

    private static Dictionary<string, string>? OwnedBy(string? owner) => owner is null ? null : new() { [OwnerKey] = owner };

    /// <summary>Removes one snapshot. Refuses a URI without a snapshot, so a mistake can never delete the disk itself.</summary>
    public async Task DeleteSnapshotAsync(Uri snapshot, CancellationToken cancellationToken = default)
    {
        var disk = Resolve(snapshot);
        if (!disk.IsSnapshot)
            throw new ArgumentException($"{snapshot} is a disk, not a snapshot of one.", nameof(snapshot));
        await disk.Blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Deletes a disk's blob (with its snapshots) unless the catalogue still references it (R17): a refusal
    /// is a result, not an exception, so callers deleting many blobs can report each.
    /// </summary>
    public async Task<DiskDeletion> DeleteAsync(Uri disk, IBlobReferences references, CancellationToken cancellationToken = default)
    {
        if (await references.IsReferencedAsync(disk, cancellationToken))
            return new DiskDeletion(DiskDeletionOutcome.StillReferenced, $"{disk} is still used by a disk or image, so it was kept.");
        var target = Resolve(disk);
        var snapshots = target.IsSnapshot ? DeleteSnapshotsOption.None : DeleteSnapshotsOption.IncludeSnapshots;
        var deleted = await target.Blob.DeleteIfExistsAsync(snapshots, cancellationToken: cancellationToken);
        return deleted.Value
            ? new DiskDeletion(DiskDeletionOutcome.Deleted, $"{disk} was deleted.")
            : new DiskDeletion(DiskDeletionOutcome.NotFound, $"{disk} did not exist.");
    }

    private static string Describe(BlobType type) => type switch
    {
        BlobType.Block => DiskMessages.Get("BlockBlob"),
        BlobType.Append => DiskMessages.Get("AppendBlob"),
        _ => DiskMessages.Get("NotPageBlob"),
    };

    /// <summary>Create only when no blob has the name: the atomic way to claim a blob name (R7).</summary>
    private static PageBlobRequestConditions NewBlobOnly => new() { IfNoneMatch = ETag.All };

    private static bool IsNameTaken(RequestFailedException e) =>
        e.ErrorCode == BlobErrorCode.BlobAlreadyExists || e.Status == 412;

    private Task<Response<PageInfo>> WriteSectorAsync(Uri disk, long offset, byte[] sector, CancellationToken cancellationToken) =>
        Resolve(disk).Blob.UploadPagesAsync(new MemoryStream(sector), offset, options: null, cancellationToken);

    internal static async Task<byte[]> ReadAsync(BlobBaseClient blob, long offset, long length, CancellationToken cancellationToken)
    {
        var download = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(offset, length) }, cancellationToken);
        return download.Value.Content.ToArray();
    }
}
