using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Uploads;

namespace VmPortal.Core.Tests.Uploads;

/// <summary>
/// A local fixed VHD as a client holds it, in memory: mostly zeros, with a generalized guest record (so it can become an OS
/// image), data in a few chunks and the footer. <see cref="SendAsync"/> is the client's loop: it asks what has arrived and
/// sends each chunk that is neither there yet nor all zeros.
/// </summary>
internal sealed class LocalVhd
{
    public const long MiB = VhdFooter.MiB;

    public LocalVhd(long dataSize, OsType os = OsType.Linux, params long[] dataAt)
    {
        Bytes = new byte[dataSize + VhdFooter.Size];
        GuestRecord.GeneralizedImage(os).ToBytes().CopyTo(Bytes, GuestRecord.Offset);
        foreach (var at in dataAt) Random.Shared.NextBytes(Bytes.AsSpan((int)at, 64 * 1024));
        VhdFooter.ForFixedDisk(dataSize).ToBytes().CopyTo(Bytes, dataSize);
    }

    public byte[] Bytes { get; }
    public long Length => Bytes.Length;

    /// <summary>The chunks a client would send: every chunk with a non-zero byte, by offset.</summary>
    public IReadOnlyList<long> NonZeroChunks() => Chunks().Where(c => Slice(c).ContainsAnyExcept((byte)0)).ToList();

    public IEnumerable<long> Chunks()
    {
        for (long at = 0; at < Length; at += UploadRules.ChunkBytes) yield return at;
    }

    public ReadOnlySpan<byte> Slice(long offset) => Bytes.AsSpan((int)offset, (int)Math.Min(UploadRules.ChunkBytes, Length - offset));

    public MemoryStream Chunk(long offset) => new(Slice(offset).ToArray());

    /// <summary>Sends what is missing, at most <paramref name="limit"/> chunks; returns the offsets it sent.</summary>
    public async Task<List<long>> SendAsync(UploadService uploads, Guid id, int limit = int.MaxValue)
    {
        var received = (await uploads.GetAsync(id)).Value!.ReceivedRanges;
        var sent = new List<long>();
        foreach (var offset in NonZeroChunks())
        {
            if (sent.Count == limit) break;
            var end = offset + Slice(offset).Length;
            if (received.Any(r => r.Start <= offset && r.End >= end)) continue;
            var written = await uploads.WriteAsync(id, offset, Chunk(offset), Slice(offset).Length, "tests");
            Assert.True(written.Succeeded, written.Error?.Message);
            sent.Add(offset);
        }
        return sent;
    }
}
