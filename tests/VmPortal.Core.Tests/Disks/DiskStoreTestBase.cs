using Azure.Storage.Blobs.Specialized;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Disks;

/// <summary>
/// A <see cref="DiskStore"/> over the test Azurite's two accounts. Disks go to each account's <c>vhds</c>
/// container (R7 copies land there), so every test names its disks with a unique prefix.
/// </summary>
public abstract class DiskStoreTestBase(AzuriteFixture azurite) : IAsyncLifetime
{
    protected const long GiB = VhdFooter.GiB;
    protected const long MiB = VhdFooter.MiB;
    protected static readonly DateTimeOffset CaptureTime = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    protected BlobAccount Primary { get; } = azurite.Account(AzuriteFixture.Primary);
    protected BlobAccount Secondary { get; } = azurite.Account(AzuriteFixture.Secondary, "East US");
    protected DiskStore Store { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        Store = new DiskStore(new BlobAccounts([Primary, Secondary], embedded: false));
        await Primary.Vhds.CreateIfNotExistsAsync();
        await Secondary.Vhds.CreateIfNotExistsAsync();
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected static string UniqueName(string prefix = "img") => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    protected PageBlobClient Blob(Uri disk) => Store.Resolve(disk).Blob;

    protected Task<Uri> NewDiskAsync(int sizeInGb = 1) => Store.CreateEmptyDiskAsync(Primary, UniqueName("disk") + ".vhd", sizeInGb);

    protected async Task WritePageAsync(Uri disk, long offset, byte[] bytes) =>
        await Blob(disk).UploadPagesAsync(new MemoryStream(bytes), offset);

    protected async Task<byte[]> ReadAsync(Uri disk, long offset, long length)
    {
        var download = await Blob(disk).DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions
        {
            Range = new Azure.HttpRange(offset, length),
        });
        return download.Value.Content.ToArray();
    }

    protected static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
