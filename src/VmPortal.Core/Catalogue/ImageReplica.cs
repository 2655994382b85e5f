namespace VmPortal.Core.Catalogue;

/// <summary>Where a copy of an image in another location stands (API.md <c>replicas[].state</c>).</summary>
public enum ReplicaState { Replicating, Ready, Failed }

/// <summary>
/// A replica of a user image in another location while it is being made, or after it failed. A Ready replica is its disks:
/// the image's <see cref="ImageDisk"/> rows in that location, committed together with this row's removal, so a deploy there
/// (R20) finds them exactly when the replica is Ready. The image's own location is always Ready and has no row.
/// </summary>
public sealed class ImageReplica
{
    public int Id { get; set; }
    public int ImageId { get; set; }
    public required string Location { get; set; }
    public ReplicaState State { get; set; }

    /// <summary>0–100: the share of the image's disks copied and verified there.</summary>
    public int Progress { get; set; }

    /// <summary>Why it failed, for a person; null unless <see cref="State"/> is Failed.</summary>
    public string? Error { get; set; }

    /// <summary>The ReplicateImage operation making it.</summary>
    public Guid OperationId { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
}
