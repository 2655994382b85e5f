using Azure.Storage.Blobs.Specialized;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Disks;

/// <summary>A disk's page blob (or a snapshot of it) together with the storage account it lives in.</summary>
public sealed record DiskBlob(BlobAccount Account, PageBlobClient Blob)
{
    public Uri Uri => Blob.Uri;
    public bool IsSnapshot => !string.IsNullOrEmpty(new Azure.Storage.Blobs.BlobUriBuilder(Blob.Uri).Snapshot);
}
