namespace VmPortal.Core.Catalogue;

/// <summary>
/// A local fixed VHD being uploaded into a page blob (R18), chunk by chunk, by whoever holds its id — a browser tab, a
/// script, after a reload or on another portal instance. The row holds no progress: what has arrived is read from the page
/// blob's own page ranges, so there is nothing to lose when a portal instance dies. While the row exists the blob is the
/// upload's (the storage health check leaves it alone); an upload left alone until <see cref="ExpiresAt"/> is removed with
/// its blob, and one that has been registered as an image is forgotten.
/// </summary>
public sealed class Upload
{
    public Guid Id { get; set; }
    /// <summary>The name the upload was given; the blob is <c>&lt;name&gt;.vhd</c>.</summary>
    public required string Name { get; set; }
    public required string StorageAccount { get; set; }
    public required string Location { get; set; }
    /// <summary>The page blob's URI as <see cref="Uri.AbsoluteUri"/> spells it, like a disk's media link.</summary>
    public required string BlobUri { get; set; }
    public long SizeBytes { get; set; }
    public UploadState State { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    /// <summary>When the portal removes the upload and its blob unless it is registered first; each chunk written moves it on.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>Receiving chunks, or complete: the footer was checked (R1) and the blob may be registered.</summary>
public enum UploadState { Receiving, Complete }
