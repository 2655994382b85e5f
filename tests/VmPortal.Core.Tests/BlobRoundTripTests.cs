using Azure.Storage.Blobs.Specialized;
using VmPortal.Testing;

namespace VmPortal.Core.Tests;

[Collection(typeof(AzuriteCollection))]
public sealed class BlobRoundTripTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_page_written_to_a_page_blob_on_Azurite_reads_back_unchanged()
    {
        var container = await azurite.NewContainerAsync();
        var blob = container.GetPageBlobClient("roundtrip.vhd");
        await blob.CreateAsync(4 * 1024 * 1024);
        var page = new byte[512];
        Random.Shared.NextBytes(page);

        await blob.UploadPagesAsync(new MemoryStream(page), offset: 1024 * 1024);

        var download = await blob.DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions
        {
            Range = new Azure.HttpRange(1024 * 1024, 512),
        });
        Assert.Equal(page, download.Value.Content.ToArray());
        var ranges = (await blob.GetAllPageRangesAsync().ToListAsync()).Where(r => !r.IsClear).ToList();
        Assert.Equal(new Azure.HttpRange(1024 * 1024, 512), Assert.Single(ranges).Range);
    }

    [Fact]
    public async Task Two_accounts_on_one_Azurite_do_not_see_each_others_containers()
    {
        var container = await azurite.NewContainerAsync(AzuriteFixture.Primary);
        var other = azurite.Account(AzuriteFixture.Secondary).Service.GetBlobContainerClient(container.Name);
        Assert.True(await container.ExistsAsync());
        Assert.False(await other.ExistsAsync());
    }
}
