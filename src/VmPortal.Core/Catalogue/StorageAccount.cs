namespace VmPortal.Core.Catalogue;

/// <summary>
/// A blob endpoint in one location. The account key never lives here: it stays in configuration
/// (or the embedded default's key file) and reaches only the blob client.
/// </summary>
public sealed class StorageAccount
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Location { get; set; }
    public required string BlobEndpoint { get; set; }

    /// <summary>What its disks and image VHDs held when last measured (in the background, never per page visit); null before.</summary>
    public StorageTotals? Totals { get; set; }
}

/// <summary>
/// One account's disks and image VHDs, each blob once, as measured at <see cref="MeasuredTime"/>: what they may grow to
/// (<see cref="ProvisionedBytes"/>, the sum of logical sizes) and what they store (<see cref="AllocatedBytes"/>, R2).
/// <see cref="UnreadBlobs"/> counts blobs whose allocation could not be read; they are left out of the allocated sum.
/// </summary>
public sealed class StorageTotals
{
    public int Blobs { get; set; }
    public long ProvisionedBytes { get; set; }
    public long AllocatedBytes { get; set; }
    public int UnreadBlobs { get; set; }
    public DateTimeOffset MeasuredTime { get; set; }
}
