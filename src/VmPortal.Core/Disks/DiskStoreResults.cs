namespace VmPortal.Core.Disks;

/// <summary>A blob name claimed by a copy, and where the copy lives.</summary>
public sealed record DiskCopy(string BlobName, Uri Uri);

/// <summary>Why a copy is not a faithful copy of its source (R8). The names are stable codes.</summary>
public enum CopyMismatchKind
{
    CopyNotSucceeded,
    SizeDiffers,
    PageRangesDiffer,
    GuestRecordDiffers,
}

public sealed record CopyMismatch(CopyMismatchKind Kind, string Message);

/// <summary>R8: the result of verifying a copy against its source — every mismatch found, none when verified.</summary>
public sealed record CopyVerification(IReadOnlyList<CopyMismatch> Mismatches)
{
    public bool IsVerified => Mismatches.Count == 0;

    public override string ToString() =>
        IsVerified ? DiskMessages.Get("Verified") : string.Join(" ", Mismatches.Select(m => DiskMessages.Format("Mismatch", m.Kind, m.Message)));
}

public enum DiskDeletionOutcome { Deleted, NotFound, StillReferenced }

/// <summary>What a delete did; a blob something still uses is refused rather than deleted (R17).</summary>
public sealed record DiskDeletion(DiskDeletionOutcome Outcome, string Message)
{
    public bool Deleted => Outcome == DiskDeletionOutcome.Deleted;
}

/// <summary>A server-side copy ended without producing a usable blob (failed, aborted or cancelled); the partial blob was removed.</summary>
public sealed class DiskCopyFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A new disk's blob name is already taken; the existing blob was left as it was.</summary>
public sealed class DiskNameTakenException(Uri blob)
    : InvalidOperationException($"A blob named {blob} already exists; an existing blob is never overwritten.")
{
    public Uri Blob { get; } = blob;
}

/// <summary>
/// A disk's blob as storage answered: what it stores, and whether it is missing — <c>true</c> when storage says it does
/// not exist, <c>false</c> when it was read, <c>null</c> when it could not be checked.
/// </summary>
public sealed record BlobProbe(long? AllocatedBytes, bool? Missing);

/// <summary>The refusal of an action that needs a disk whose blob is gone (<c>DiskBlobMissing</c>).</summary>
public static class MissingBlobs
{
    public static PortalError Error(string what, IReadOnlyList<string> missing) =>
        new(ErrorCodes.DiskBlobMissing, missing.Count == 1
            ? DiskMessages.Format("BlobMissing", what, missing[0])
            : DiskMessages.Format("BlobsMissing", what, string.Join(CoreMessages.Get("ListSeparator"), missing)));
}
