using System.Security.Cryptography;

namespace VmPortal.Core.Disks;

/// <summary>
/// The integrity seal of the fabric's own 512-byte records: a SHA-256 over the first 480 bytes kept in the
/// last 32. Strong enough that a torn or tampered sector never reads as a valid record.
/// </summary>
internal static class SectorSeal
{
    public const int SealedLength = VhdFooter.SectorSize - SHA256.HashSizeInBytes;

    public static void Seal(Span<byte> sector) => SHA256.HashData(sector[..SealedLength], sector[SealedLength..]);

    public static bool IsIntact(ReadOnlySpan<byte> sector)
    {
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(sector[..SealedLength], expected);
        return CryptographicOperations.FixedTimeEquals(expected, sector[SealedLength..VhdFooter.SectorSize]);
    }

    /// <summary>Reads a sector's magic and seal; null when both are fine, else the verdict to report.</summary>
    public static SectorRead<T>? Check<T>(ReadOnlySpan<byte> sector, ReadOnlySpan<byte> magic, string what) where T : class
    {
        if (sector.Length != VhdFooter.SectorSize || !sector.StartsWith(magic)) return SectorRead<T>.Absent(what);
        return IsIntact(sector) ? null : SectorRead<T>.Corrupt(DiskMessages.Format("SectorDamaged", what));
    }
}
