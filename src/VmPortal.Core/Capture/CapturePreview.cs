namespace VmPortal.Core.Capture;

/// <summary>One copy a capture would make: which disk, and the exact blob it would create now.</summary>
public sealed record PlannedCopy(string DiskName, int? Lun, string StorageAccount, string BlobName, bool NameWasTaken);

/// <summary>
/// Everything the wizard shows before the user confirms: the copies with their exact names (R7, with
/// <c>-NN</c> where taken), what will happen to the VM, the warnings that apply (R10), and what stands in
/// the way (R9, R13) — every blocker, not just the first, so the page can show them all at once.
/// </summary>
public sealed record CapturePreview(
    IReadOnlyList<PlannedCopy> Copies,
    IReadOnlyList<string> Consequences,
    IReadOnlyList<CaptureWarning> Warnings,
    IReadOnlyList<PortalError> Blockers)
{
    public bool CanCapture => Blockers.Count == 0;
}
