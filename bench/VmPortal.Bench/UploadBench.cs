using System.Diagnostics;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Win32.SafeHandles;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;
using VmPortal.Core.Uploads;

namespace VmPortal.Bench;

public sealed record UploadTimes(long VirtualSize, long Written, long Sent, int Requests, TimeSpan Upload, TimeSpan Raw);

/// <summary>
/// R18's upload of a big, mostly empty fixed VHD through the portal's upload service, as a client sends it (Add-AzureVhd's
/// loop: read every 4 MiB chunk, skip the all-zero ones, send the rest on 8 threads, then complete), against the raw SDK
/// page writes of the same chunks. The file is a sparse file, so a 127 GiB VHD costs the disk only what is written.
/// </summary>
public sealed class UploadBench : IAsyncDisposable
{
    private const int Threads = 8;
    private readonly IHost _host;
    private readonly BlobAccount _account;
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-upload-bench-").FullName;
    private int _run;

    public UploadBench(string connectionString, string accountName)
    {
        _host = BenchHost.Build(connectionString, accountName, _dataPath);
        _account = _host.Services.GetRequiredService<BlobAccounts>().All[0];
    }

    public Task StartAsync() => _host.StartAsync();

    /// <summary>A VHD of <paramref name="virtualSize"/> with <paramref name="written"/> bytes of data spread over it in 4 MiB runs.</summary>
    public async Task<UploadTimes> MeasureAsync(long virtualSize, long written)
    {
        var run = ++_run;
        var path = Path.Combine(_dataPath, $"disk-{run}.vhd");
        WriteSparseVhd(path, virtualSize, written);
        var uploads = _host.Services.GetRequiredService<UploadService>();
        var length = new FileInfo(path).Length;

        var upload = Stopwatch.StartNew();
        var started = (await uploads.CreateAsync(new CreateUploadRequest($"bench-upload-{run}", length, "West US"), "bench")).Value
            ?? throw new InvalidOperationException("The upload was refused.");
        long sent = 0;
        var offsets = new System.Collections.Concurrent.ConcurrentBag<long>();
        var requests = await NonZeroChunksAsync(path, length, async (offset, buffer, count) =>
        {
            offsets.Add(offset);
            var result = await uploads.WriteAsync(started.Id, offset, new MemoryStream(buffer, 0, count), count, "bench");
            if (!result.Succeeded) throw new InvalidOperationException(result.Error.Message);
            Interlocked.Add(ref sent, count);
        });
        var completed = await uploads.CompleteAsync(started.Id, "bench");
        upload.Stop();
        if (!completed.Succeeded) throw new InvalidOperationException(completed.Error.Message);

        // The same chunks with the SDK's own page writes into a blob of the same size, read straight from where the upload
        // found data: the floor under the portal's path (no scan, no service, no completion).
        var raw = Stopwatch.StartNew();
        var blob = _account.Vhds.GetPageBlobClient($"bench-raw-{run}.vhd");
        await blob.CreateAsync(length);
        using (var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous))
            await Parallel.ForEachAsync(offsets, new ParallelOptions { MaxDegreeOfParallelism = Threads }, async (offset, ct) =>
            {
                var buffer = new byte[(int)Math.Min(UploadRules.ChunkBytes, length - offset)];
                await ReadAsync(file, buffer, offset);
                await blob.UploadPagesAsync(new MemoryStream(buffer), offset, cancellationToken: ct);
            });
        raw.Stop();

        File.Delete(path);
        return new UploadTimes(virtualSize, written, sent, requests, upload.Elapsed, raw.Elapsed);
    }

    /// <summary>Reads the file chunk by chunk on <see cref="Threads"/> threads and hands each non-zero chunk to <paramref name="send"/>; returns how many.</summary>
    private static async Task<int> NonZeroChunksAsync(string path, long length, Func<long, byte[], int, Task> send)
    {
        using var file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        var chunks = (length + UploadRules.ChunkBytes - 1) / UploadRules.ChunkBytes;
        long next = -1;
        var count = 0;
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[UploadRules.ChunkBytes];
            long index;
            while ((index = Interlocked.Increment(ref next)) < chunks)
            {
                var offset = index * UploadRules.ChunkBytes;
                var size = (int)Math.Min(UploadRules.ChunkBytes, length - offset);
                await ReadAsync(file, buffer.AsMemory(0, size), offset);
                if (!buffer.AsSpan(0, size).ContainsAnyExcept((byte)0)) continue;
                Interlocked.Increment(ref count);
                await send(offset, buffer, size);
            }
        })));
        return count;
    }

    private static async Task ReadAsync(SafeFileHandle file, Memory<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = await RandomAccess.ReadAsync(file, buffer, offset);
            buffer = buffer[read..];
            offset += read;
        }
    }

    /// <summary>A sparse file: <paramref name="written"/> bytes of random data in 4 MiB runs evenly spread, and the footer.</summary>
    private static void WriteSparseVhd(string path, long dataSize, long written)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        file.SetLength(dataSize + VhdFooter.Size);
        var runs = written / UploadRules.ChunkBytes;
        var stride = dataSize / runs / UploadRules.ChunkBytes * UploadRules.ChunkBytes;
        var block = new byte[UploadRules.ChunkBytes];
        for (long i = 0; i < runs; i++)
        {
            Random.Shared.NextBytes(block);
            file.Position = i * stride;
            file.Write(block);
        }
        file.Position = dataSize;
        file.Write(VhdFooter.ForFixedDisk(dataSize).ToBytes());
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
    }
}
