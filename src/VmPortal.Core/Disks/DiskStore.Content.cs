using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VmPortal.Core.Disks;

public sealed partial class DiskStore
{
    /// <summary>The largest range one request reads; page-blob writes have the same limit.</summary>
    internal const int TransferChunk = 4 * 1024 * 1024;

    /// <summary>The written parts of a sparse disk, merged and in order.</summary>
    public async Task<IReadOnlyList<DiskRange>> GetAllocatedRangesAsync(Uri disk, CancellationToken cancellationToken = default)
    {
        var ranges = await Resolve(disk).Blob.GetAllPageRangesAsync(cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        return DiskRange.Normalize(ranges);
    }

    /// <summary>R2: what the disk costs — the bytes actually stored, not its virtual size.</summary>
    public async Task<long> AllocatedBytesAsync(Uri disk, CancellationToken cancellationToken = default) =>
        (await GetAllocatedRangesAsync(disk, cancellationToken)).Sum(r => r.Length);

    /// <summary>As <see cref="AllocatedBytesAsync"/>, or null when the blob is missing or no configured account serves it: lists still show the row.</summary>
    public async Task<long?> AllocatedBytesOrNullAsync(string mediaLink, CancellationToken cancellationToken = default) =>
        (await ProbeAsync(mediaLink, cancellationToken)).AllocatedBytes;

    /// <summary>
    /// What a disk's blob stores, and whether it is there at all: someone may have deleted it by hand in the storage
    /// account. Never throws for a blob that is missing, unreadable or in no configured account — a page still shows the row.
    /// </summary>
    public async Task<BlobProbe> ProbeAsync(string mediaLink, CancellationToken cancellationToken = default)
    {
        try
        {
            return new BlobProbe(await AllocatedBytesAsync(new Uri(mediaLink), cancellationToken), Missing: false);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return new BlobProbe(null, Missing: true);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or ArgumentException or UriFormatException)
        {
            return new BlobProbe(null, Missing: null);
        }
    }

    /// <summary>The media links among <paramref name="mediaLinks"/> whose blob is gone (a blob that cannot be checked counts as there).</summary>
    public async Task<IReadOnlyList<string>> MissingBlobsAsync(IEnumerable<string> mediaLinks, CancellationToken cancellationToken = default)
    {
        var links = mediaLinks.ToList();
        var probes = await Task.WhenAll(links.Select(async link =>
        {
            try { return await Resolve(new Uri(link)).Blob.ExistsAsync(cancellationToken) ? null : link; }
            catch (Exception e) when (e is Azure.RequestFailedException or ArgumentException or UriFormatException) { return null; }
        }));
        return probes.OfType<string>().ToList();
    }

    /// <summary>
    /// R8 on demand: a SHA-256 over every allocated range (its offset, length and bytes), as lowercase hex.
    /// Reads every allocated byte, so it is never part of a default capture.
    /// </summary>
    public async Task<string> ComputeContentHashAsync(Uri disk, CancellationToken cancellationToken = default)
    {
        var blob = Resolve(disk).Blob;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var header = new byte[16];
        foreach (var range in await GetAllocatedRangesAsync(disk, cancellationToken))
        {
            BinaryPrimitives.WriteInt64BigEndian(header, range.Offset);
            BinaryPrimitives.WriteInt64BigEndian(header.AsSpan(8), range.Length);
            hash.AppendData(header);
            for (var offset = range.Offset; offset < range.End; offset += TransferChunk)
                hash.AppendData(await ReadAsync(blob, offset, Math.Min(TransferChunk, range.End - offset), cancellationToken));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
