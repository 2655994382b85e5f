namespace VmPortal.Core.Catalogue;

/// <summary>
/// One step of an operation as people follow it ("Snapshotting 3 disks at one instant", "Copying 3 disks"): when it began
/// and, once the next step began or the operation ended, when it ended.
/// </summary>
public sealed record OperationStep(string Name, DateTimeOffset StartedTime, DateTimeOffset? EndedTime = null);

/// <summary>Where one disk copy of a capture or deploy stands.</summary>
public enum DiskCopyPhase
{
    Waiting,
    Copying,
    Verifying,
    Done,
}

/// <summary>
/// One disk a capture or deploy copies: which disk (in words: "OS disk", "web1 · data disk LUN 1"), how many bytes the copy
/// has of how many, and its phase. Storage reports the bytes of a copy it has not finished; a copy that completes at once
/// goes straight from none to all.
/// </summary>
public sealed record DiskProgress(string Disk, long TotalBytes, long CopiedBytes, DiskCopyPhase Phase)
{
    public int Percent => Phase == DiskCopyPhase.Done ? 100
        : TotalBytes <= 0 ? 0 : (int)Math.Clamp(CopiedBytes * 100 / TotalBytes, 0, 99);

    public static DiskProgress Waiting(string disk, long totalBytes) => new(disk, totalBytes, 0, DiskCopyPhase.Waiting);
}
