using System.Diagnostics;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;

namespace VmPortal.Bench;

public sealed record CopyTimes(TimeSpan Server, TimeSpan Client);

/// <summary>Prepares a sparse disk with data spread across it and times both ways of copying it.</summary>
public sealed class CopyBench(DiskStore store, BlobAccount account)
{
    private const int Page = 4 * 1024 * 1024;
    private readonly byte[] _data = RandomPage();

    /// <summary>JIT, connection pool and Azurite's first-request costs stay out of the first row.</summary>
    public async Task WarmUpAsync()
    {
        var disk = await store.CreateEmptyDiskAsync(account, $"warmup-{Guid.NewGuid():N}.vhd", 1);
        await store.CopyAsync(disk, account, $"warmup-{Guid.NewGuid():N}");
        await ClientCopyAsync(disk);
        await DeleteAllAsync();
    }

    public async Task<CopyTimes> MeasureAsync(int sizeInGb, long written)
    {
        var disk = await store.CreateEmptyDiskAsync(account, $"bench-{sizeInGb}-{Guid.NewGuid():N}.vhd", sizeInGb);
        await WriteSpreadAsync(disk, sizeInGb * VhdFooter.GiB, written);

        var server = Stopwatch.StartNew();
        var copy = await store.CopyAsync(disk, account, $"bench-copy-{Guid.NewGuid():N}");
        server.Stop();
        var verification = await store.VerifyCopyAsync(disk, copy.Uri);
        if (!verification.IsVerified) throw new InvalidOperationException(verification.ToString());

        var client = Stopwatch.StartNew();
        var clientCopy = await ClientCopyAsync(disk);
        client.Stop();
        if (await store.AllocatedBytesAsync(clientCopy) != await store.AllocatedBytesAsync(disk))
            throw new InvalidOperationException("The client-side copy lost data.");

        await DeleteAllAsync();
        return new CopyTimes(server.Elapsed, client.Elapsed);
    }

    /// <summary>4 MiB pages at even strides from the start to the end of the disk, written four at a time.</summary>
    private async Task WriteSpreadAsync(Uri disk, long dataSize, long written)
    {
        var blob = store.Resolve(disk).Blob;
        var pages = written / Page;
        var stride = dataSize / pages / Page * Page;
        await Parallel.ForAsync(0L, pages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            await blob.UploadPagesAsync(new MemoryStream(_data), i * stride, options: null, ct));
    }

    /// <summary>What a portal without server-side copy would do: read every allocated range and write it to a new blob.</summary>
    private async Task<Uri> ClientCopyAsync(Uri disk)
    {
        var source = store.Resolve(disk).Blob;
        var length = (await source.GetPropertiesAsync()).Value.ContentLength;
        var target = account.Vhds.GetPageBlobClient($"bench-client-{Guid.NewGuid():N}.vhd");
        await target.CreateAsync(length);
        foreach (var range in await store.GetAllocatedRangesAsync(disk))
            for (var offset = range.Offset; offset < range.End; offset += Page)
            {
                var chunk = await source.DownloadContentAsync(new BlobDownloadOptions
                {
                    Range = new Azure.HttpRange(offset, Math.Min(Page, range.End - offset)),
                });
                await target.UploadPagesAsync(chunk.Value.Content.ToStream(), offset, options: null);
            }
        return target.Uri;
    }

    /// <summary>Keeps Azurite's data folder small between rows (the 1 GiB rows write gigabytes).</summary>
    private async Task DeleteAllAsync()
    {
        await foreach (var item in account.Vhds.GetBlobsAsync())
            await account.Vhds.DeleteBlobIfExistsAsync(item.Name, DeleteSnapshotsOption.IncludeSnapshots);
    }

    private static byte[] RandomPage()
    {
        var page = new byte[Page];
        Random.Shared.NextBytes(page);
        return page;
    }
}
