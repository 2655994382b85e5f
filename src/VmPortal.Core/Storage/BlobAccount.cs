using Azure.Storage.Blobs;

namespace VmPortal.Core.Storage;

/// <summary>A storage account the portal uses: its location and a thread-safe client for its <c>vhds</c> container.</summary>
public sealed class BlobAccount
{
    public const string DiskContainer = "vhds";

    /// <summary>Empty blobs by which portal instances claim what only one of them may use at a time (a snapshot being copied).</summary>
    public const string ClaimsContainer = "vmportal-claims";

    public BlobAccount(string name, string location, string connectionString, BlobClientOptions options)
    {
        Name = name;
        Location = location;
        Service = new BlobServiceClient(connectionString, options);
        Vhds = Service.GetBlobContainerClient(DiskContainer);
        Claims = Service.GetBlobContainerClient(ClaimsContainer);
    }

    public string Name { get; }
    public string Location { get; }
    public BlobServiceClient Service { get; }
    public BlobContainerClient Vhds { get; }
    public BlobContainerClient Claims { get; }
    public Uri BlobEndpoint => Service.Uri;
}
