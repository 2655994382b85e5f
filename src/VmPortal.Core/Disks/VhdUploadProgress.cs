namespace VmPortal.Core.Disks;

/// <summary>
/// How far an upload got: <paramref name="BytesScanned"/> is the position in the file (including what an
/// earlier, interrupted run already did), <paramref name="BytesWritten"/> what this run sent — less than
/// scanned because all-zero chunks are skipped.
/// </summary>
public sealed record VhdUploadProgress(long BytesScanned, long BytesWritten, long TotalBytes);

public enum VhdUploadOutcome
{
    Uploaded,
    /// <summary>The file is not a fixed VHD the portal accepts (R1); nothing was created.</summary>
    InvalidVhd,
    /// <summary>The blob name holds another file (or another upload of one); it was left as it was.</summary>
    BlobHoldsOtherContent,
}

public sealed record VhdUploadResult(VhdUploadOutcome Outcome, string Message, Uri? Blob, VhdFooterProblem? Problem, long BytesWritten)
{
    public bool Succeeded => Outcome == VhdUploadOutcome.Uploaded;
}
