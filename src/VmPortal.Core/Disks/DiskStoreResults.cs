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
        IsVerified ? "Verified." : string.Join(" ", Mismatches.Select(m => $"{m.Kind}: {m.Message}"));
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
