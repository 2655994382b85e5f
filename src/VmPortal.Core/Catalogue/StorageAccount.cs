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
}
