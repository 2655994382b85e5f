using VmPortal.Core.Disks;

namespace VmPortal.Bench;

/// <summary>
/// Random data in 4 MiB runs spread evenly over a disk's data area: a disk that holds <c>written</c> bytes somewhere in it, as a
/// copy meets it (the capture and replica benches both make their source disks this way).
/// </summary>
internal static class SpreadData
{
    public const int Page = 4 * 1024 * 1024;

    public static async Task WriteAsync(DiskStore store, Uri disk, long dataSize, long written)
    {
        var data = new byte[Page];
        Random.Shared.NextBytes(data);
        var blob = store.Resolve(disk).Blob;
        var pages = written / Page;
        var stride = dataSize / pages / Page * Page;
        await Parallel.ForAsync(0L, pages, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            await blob.UploadPagesAsync(new MemoryStream(data), 1024 * 1024 + i * stride, options: null, ct));
    }
}
