using System.Runtime.InteropServices;
using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// A disk as a guest sees it: the bytes of its page blob before the VHD footer. Reads are ranged reads (pages never
/// written read as zeros), writes are page writes of whole 512-byte sectors, a trim clears pages. The footer lies past
/// <see cref="Size"/>, so nothing here can read it as data or write over it.
/// </summary>
public sealed class PageBlobExport : IDisposable
{
    private const int Sector = VhdFooter.SectorSize;

    /// <summary>The most one page write (and, for symmetry, one ranged read) carries.</summary>
    private const int Chunk = DiskStore.TransferChunk;

    private readonly PageBlobClient _blob;

    /// <summary>
    /// Writes and trims take turns: a write that is not sector-aligned reads its first and last sector and writes them
    /// back, and another write to the same sector in between would be lost.
    /// </summary>
    private readonly SemaphoreSlim _writes = new(1, 1);

    private PageBlobExport(PageBlobClient blob, long size)
    {
        _blob = blob;
        Size = size;
    }

    /// <summary>The blob's name: what the NBD server calls the export.</summary>
    public string Name => _blob.Name;

    /// <summary>The disk's size as the guest sees it: the blob's length without the footer.</summary>
    public long Size { get; }

    /// <summary>
    /// The export of the disk at <paramref name="mediaLink"/>. Refuses a snapshot (it cannot be written) and a blob that is
    /// not a fixed VHD (R1): only a valid footer says where the guest's bytes end.
    /// </summary>
    public static async Task<PageBlobExport> OpenAsync(DiskStore disks, Uri mediaLink, CancellationToken cancellationToken = default)
    {
        var disk = disks.Resolve(mediaLink);
        if (disk.IsSnapshot)
            throw new ArgumentException($"{mediaLink} is a snapshot; a guest needs a disk it can write.", nameof(mediaLink));
        var validation = await DiskStore.ValidateAsync(disk.Blob, cancellationToken);
        if (!validation.IsValid)
            throw new InvalidOperationException($"{mediaLink} cannot be served as a disk: {validation.Message}");
        return new PageBlobExport(disk.Blob, validation.Footer!.CurrentSize);
    }

    /// <summary>Whether [offset, offset + length) lies inside the disk; the arithmetic cannot overflow.</summary>
    public bool Contains(ulong offset, ulong length) => offset <= (ulong)Size && length <= (ulong)Size - offset;

    public async Task ReadAsync(long offset, Memory<byte> into, CancellationToken cancellationToken)
    {
        EnsureInside(offset, into.Length);
        await Task.WhenAll(Chunks(into.Length).Select(async chunk =>
        {
            var download = await _blob.DownloadStreamingAsync(
                new BlobDownloadOptions { Range = new HttpRange(offset + chunk.Start, chunk.Length) }, cancellationToken);
            await using var content = download.Value.Content;
            await content.ReadExactlyAsync(into.Slice(chunk.Start, chunk.Length), cancellationToken);
        }));
    }

    public async Task WriteAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        EnsureInside(offset, data.Length);
        if (data.IsEmpty) return;
        await _writes.WaitAsync(cancellationToken);
        try
        {
            await WriteSectorsAsync(offset, data, cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Makes the range read as zeros: whole sectors are cleared (stored no more), the partial ones at its edges written with zeros.</summary>
    public async Task TrimAsync(long offset, long length, CancellationToken cancellationToken)
    {
        EnsureInside(offset, length);
        if (length == 0) return;
        long end = offset + length, clearStart = AlignUp(offset), clearEnd = AlignDown(end);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            if (clearStart >= clearEnd)
            {
                await WriteSectorsAsync(offset, new byte[length], cancellationToken);
                return;
            }
            if (offset < clearStart) await WriteSectorsAsync(offset, new byte[clearStart - offset], cancellationToken);
            if (clearEnd < end) await WriteSectorsAsync(clearEnd, new byte[end - clearEnd], cancellationToken);
            await _blob.ClearPagesAsync(new HttpRange(clearStart, clearEnd - clearStart), cancellationToken: cancellationToken);
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>
    /// A page write covers whole sectors, so the bytes of a partly written first or last sector that the guest did not
    /// write are read first and written back unchanged. Callers hold <see cref="_writes"/>.
    /// </summary>
    private async Task WriteSectorsAsync(long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        long end = offset + data.Length, start = AlignDown(offset), alignedEnd = AlignUp(end);
        if (start == offset && alignedEnd == end)
        {
            await UploadAsync(offset, data, cancellationToken);
            return;
        }
        var sectors = new byte[alignedEnd - start];
        if (start < offset)
            await ReadAsync(start, sectors.AsMemory(0, Sector), cancellationToken);
        var lastSector = alignedEnd - Sector;
        if (end < alignedEnd && (lastSector > start || start == offset))
            await ReadAsync(lastSector, sectors.AsMemory(sectors.Length - Sector), cancellationToken);
        data.CopyTo(sectors.AsMemory((int)(offset - start)));
        await UploadAsync(start, sectors, cancellationToken);
    }

    private async Task UploadAsync(long offset, ReadOnlyMemory<byte> sectors, CancellationToken cancellationToken) =>
        await Task.WhenAll(Chunks(sectors.Length).Select(chunk =>
            _blob.UploadPagesAsync(AsStream(sectors.Slice(chunk.Start, chunk.Length)), offset + chunk.Start, options: null, cancellationToken)));

    private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);

    private static IEnumerable<(int Start, int Length)> Chunks(int length)
    {
        for (var start = 0; start < length; start += Chunk)
            yield return (start, Math.Min(Chunk, length - start));
    }

    /// <summary>The last guard before storage: no request, whatever the caller checked, reaches the footer.</summary>
    private void EnsureInside(long offset, long length)
    {
        if (offset < 0 || length < 0 || !Contains((ulong)offset, (ulong)length))
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, +{length}) is outside the {Size}-byte disk.");
    }

    public void Dispose() => _writes.Dispose();

    private static long AlignDown(long offset) => offset / Sector * Sector;

    private static long AlignUp(long offset) => AlignDown(offset + Sector - 1);
}
