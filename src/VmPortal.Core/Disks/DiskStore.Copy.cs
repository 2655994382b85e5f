using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Sas;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Disks;

public sealed partial class DiskStore
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(2);

    /// <summary>
    /// R7: a server-side copy of a disk (or snapshot) into <paramref name="account"/>'s <c>vhds</c> container
    /// under the first free name of <paramref name="baseName"/>'s candidate sequence. The name is claimed by
    /// the copy itself (create-if-absent), so racing copies never overwrite each other or an existing blob.
    /// Waits until the copy has completed; its cost does not grow with the disk's size, since no data passes
    /// through the portal. A copy that does not complete is removed and reported as <see cref="DiskCopyFailedException"/>.
    /// </summary>
    /// <param name="owner">
    /// Tags the copy with the operation that made it (<see cref="OwnerKey"/>), so a rollback finds it even
    /// when the portal died between claiming the name and recording it (<see cref="DeleteOwnedAsync"/>).
    /// </param>
    /// <param name="progress">Told the bytes copied of the total each time storage is asked, and once more when the copy is done.</param>
    public async Task<DiskCopy> CopyAsync(
        Uri source, BlobAccount account, string baseName, string? owner = null, Func<CopiedBytes, Task>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var disk = Resolve(source);
        if (disk.IsSnapshot) return await CopyFromAsync(disk, account, baseName, owner, progress, cancellationToken);

        // Copy from a private snapshot, never from the live blob: a running guest keeps writing its disk (R10)
        // and a real account fails a pending copy whose source changes. Azurite 3.37 also hands a copy its
        // source's page list by reference (snapshots get their own), so writes to either would show in both.
        for (var attempt = 1; ; attempt++)
        {
            var (snapshot, claim) = await PrivateSnapshotAsync(source, owner, cancellationToken);
            try
            {
                return await CopyFromAsync(Resolve(snapshot), account, baseName, owner, progress, cancellationToken);
            }
            catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound && attempt < MaxSnapshotAttempts)
            {
                // Another copy took the same snapshot in the same instant, copied from it and deleted it with its claim
                // before this one claimed it: nothing was copied, so take a snapshot of our own and start again.
            }
            finally
            {
                await DeleteSnapshotAsync(snapshot, CancellationToken.None);
                await claim.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }
        }
    }

    /// <summary>How often a copy takes a fresh snapshot when the one it claimed was gone (a rare race, never a loop).</summary>
    private const int MaxSnapshotAttempts = 5;

    /// <summary>
    /// A snapshot no other copy is using, in this portal instance or another. A snapshot's id is its creation time, so two
    /// taken in the same instant (five VMs deployed from one image at once) are one snapshot — and Azurite gives copies of
    /// one snapshot one shared page list, so each VM would write the other's disk. Whoever creates the snapshot's claim
    /// blob (create-if-absent, in the account's <see cref="BlobAccount.ClaimsContainer"/>) has it; the other takes another.
    /// </summary>
    private async Task<(Uri Snapshot, BlobClient Claim)> PrivateSnapshotAsync(Uri source, string? owner, CancellationToken cancellationToken)
    {
        while (true)
        {
            var snapshot = await SnapshotAsync(source, owner, cancellationToken);
            var claim = ClaimOf(snapshot);
            if (await TryCreateClaimAsync(claim, cancellationToken)) return (snapshot, claim);
            await Task.Delay(2, cancellationToken);
        }
    }

    private BlobClient ClaimOf(Uri snapshot)
    {
        var disk = Resolve(snapshot);
        var parts = new BlobUriBuilder(snapshot);
        return disk.Account.Claims.GetBlobClient($"{parts.BlobContainerName}/{parts.BlobName}/{parts.Snapshot}");
    }

    private static async Task<bool> TryCreateClaimAsync(BlobClient claim, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await claim.UploadAsync(BinaryData.Empty, options, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            await claim.GetParentBlobContainerClient().CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            return await TryCreateClaimAsync(claim, cancellationToken);
        }
        catch (RequestFailedException e) when (IsNameTaken(e))
        {
            return false;
        }
    }

    private static async Task<DiskCopy> CopyFromAsync(
        DiskBlob source, BlobAccount account, string baseName, string? owner, Func<CopiedBytes, Task>? progress, CancellationToken cancellationToken)
    {
        var sourceUri = CopySourceUri(source, account);
        var metadata = OwnedBy(owner);
        foreach (var name in BlobNames.Candidates(baseName))
        {
            var destination = account.Vhds.GetPageBlobClient(name);
            CopyFromUriOperation started;
            try
            {
                started = await destination.StartCopyFromUriAsync(sourceUri,
                    new BlobCopyFromUriOptions { DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All }, Metadata = metadata },
                    cancellationToken);
            }
            catch (RequestFailedException e) when (IsNameTaken(e))
            {
                continue;
            }
            await WaitForCopyAsync(destination, started.Id, source.Uri, progress, cancellationToken);
            return new DiskCopy(name, destination.Uri);
        }
        throw new DiskCopyFailedException(DiskMessages.Format("EveryNameTaken", BlobNames.MaxAttempts, baseName, account.Name));
    }

    /// <summary>The blob metadata key naming the operation that made a copy.</summary>
    public const string OwnerKey = "vmportalowner";

    /// <summary>
    /// Deletes every blob under <paramref name="prefix"/> in the account's <c>vhds</c> container that
    /// <paramref name="owner"/> made (with its snapshots); returns how many. Nothing else is touched.
    /// </summary>
    public async Task<int> DeleteOwnedAsync(BlobAccount account, string prefix, string owner, CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        await foreach (var item in account.Vhds.GetBlobsAsync(
                           new GetBlobsOptions { Prefix = prefix, Traits = BlobTraits.Metadata }, cancellationToken))
        {
            if (!item.Metadata.TryGetValue(OwnerKey, out var tag) || tag != owner) continue;
            await account.Vhds.GetBlobClient(item.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            deleted++;
        }
        return deleted;
    }

    /// <summary>
    /// Within one account the destination's own key authorizes reading the source. Another account's source
    /// needs a short read-only SAS signed with that account's key.
    /// </summary>
    private static Uri CopySourceUri(DiskBlob source, BlobAccount destination)
    {
        if (string.Equals(source.Account.Name, destination.Name, StringComparison.OrdinalIgnoreCase) || !source.Blob.CanGenerateSasUri)
            return source.Uri;
        return source.Blob.GenerateSasUri(BlobSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
    }

    /// <summary>A real account may report <c>pending</c> for a long time: poll until the copy settles, backing off.</summary>
    private static async Task WaitForCopyAsync(
        BlobBaseClient destination, string copyId, Uri source, Func<CopiedBytes, Task>? progress, CancellationToken cancellationToken)
    {
        var delay = FirstPoll;
        try
        {
            while (true)
            {
                var properties = (await destination.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
                switch (properties.CopyStatus)
                {
                    case CopyStatus.Success:
                        if (progress is not null) await progress(new CopiedBytes(properties.ContentLength, properties.ContentLength));
                        return;
                    case CopyStatus.Failed or CopyStatus.Aborted:
                        await destination.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
                        throw new DiskCopyFailedException(
                            DiskMessages.Format("CopyEnded", source, destination.Uri, properties.CopyStatus.ToString().ToLowerInvariant(), properties.CopyStatusDescription));
                }
                if (progress is not null && CopiedBytes.Parse(properties.CopyProgress) is { } copied) await progress(copied);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestPoll.Ticks));
            }
        }
        catch (OperationCanceledException e)
        {
            await AbandonAsync(destination, copyId);
            throw new DiskCopyFailedException(DiskMessages.Format("CopyCancelled", source, destination.Uri), e);
        }
    }

    /// <summary>Stops a copy still running and removes its blob: a cancelled copy leaves nothing behind.</summary>
    private static async Task AbandonAsync(BlobBaseClient destination, string copyId)
    {
        try { await destination.AbortCopyFromUriAsync(copyId); }
        catch (RequestFailedException) { /* already finished or failed: deleting is all that is left */ }
        await destination.DeleteIfExistsAsync();
    }

    /// <summary>
    /// R8: checks that <paramref name="copy"/> is a faithful copy of <paramref name="source"/> from metadata
    /// alone — copy status, size, page ranges and guest record — so its cost does not grow with disk size.
    /// Content is compared only on demand (<see cref="ComputeContentHashAsync"/>).
    /// </summary>
    public async Task<CopyVerification> VerifyCopyAsync(Uri source, Uri copy, CancellationToken cancellationToken = default)
    {
        var mismatches = new List<CopyMismatch>();
        var sourceProperties = (await Resolve(source).Blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        var copyProperties = (await Resolve(copy).Blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;

        if (string.IsNullOrEmpty(copyProperties.CopyId))
            mismatches.Add(new(CopyMismatchKind.CopyNotSucceeded, DiskMessages.Get("NotMadeByCopy")));
        else if (copyProperties.CopyStatus != CopyStatus.Success)
            mismatches.Add(new(CopyMismatchKind.CopyNotSucceeded,
                DiskMessages.Format("CopyStatusNotSuccess", copyProperties.CopyStatus.ToString().ToLowerInvariant())));
        if (copyProperties.ContentLength != sourceProperties.ContentLength)
            mismatches.Add(new(CopyMismatchKind.SizeDiffers,
                DiskMessages.Format("CopySizeDiffers", copyProperties.ContentLength, sourceProperties.ContentLength)));

        var sourceRanges = await GetAllocatedRangesAsync(source, cancellationToken);
        var copyRanges = await GetAllocatedRangesAsync(copy, cancellationToken);
        if (!sourceRanges.SequenceEqual(copyRanges))
            mismatches.Add(new(CopyMismatchKind.PageRangesDiffer, DescribeRangeDifference(sourceRanges, copyRanges)));

        var sourceGuest = await ReadGuestRecordAsync(source, cancellationToken);
        if (sourceGuest.State == SectorState.Present)
        {
            var copyGuest = await ReadGuestRecordAsync(copy, cancellationToken);
            if (copyGuest.Value != sourceGuest.Value)
                mismatches.Add(new(CopyMismatchKind.GuestRecordDiffers, copyGuest.State == SectorState.Present
                    ? DiskMessages.Get("CopyGuestRecordDiffers")
                    : DiskMessages.Format("CopyGuestRecordMissing", copyGuest.State.ToString().ToLowerInvariant(), copyGuest.Message)));
        }
        return new CopyVerification(mismatches);
    }

    private static string DescribeRangeDifference(IReadOnlyList<DiskRange> source, IReadOnlyList<DiskRange> copy)
    {
        var onlyInSource = source.Except(copy).FirstOrDefault();
        var onlyInCopy = copy.Except(source).FirstOrDefault();
        var detail = onlyInCopy != default
            ? DiskMessages.Format("RangesOnlyInCopy", onlyInCopy.Length, onlyInCopy.Offset)
            : DiskMessages.Format("RangesOnlyInSource", onlyInSource.Length, onlyInSource.Offset);
        return DiskMessages.Format("RangesDiffer", source.Count, source.Sum(r => r.Length), copy.Count, copy.Sum(r => r.Length), detail);
    }
}
