using System.Buffers.Binary;
using System.Text;

namespace VmPortal.Core.Disks;

/// <summary>
/// The 512-byte footer that ends every fixed VHD (R1): what makes a page blob a disk Azure-style fabrics
/// can boot. Fields are big-endian, per Microsoft's "Virtual Hard Disk Image Format Specification".
/// </summary>
public sealed record VhdFooter
{
    public const int Size = 512;
    public const int SectorSize = 512;
    public const long MiB = 1024 * 1024;
    public const long GiB = 1024 * MiB;
    /// <summary>R2: no disk is larger than 1023 GB, where GB means GiB of data.</summary>
    public const long MaxDataSize = 1023 * GiB;

    public const uint RequiredFeatures = 2;
    public const uint FileFormatVersion1 = 0x0001_0000;
    public const ulong FixedDiskDataOffset = ulong.MaxValue;

    private static readonly byte[] Cookie = "conectix"u8.ToArray();
    private static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private const int ChecksumOffset = 64;

    public uint Features { get; init; } = RequiredFeatures;
    public uint FileFormatVersion { get; init; } = FileFormatVersion1;
    public ulong DataOffset { get; init; } = FixedDiskDataOffset;
    /// <summary>Whole seconds since 2000-01-01 UTC, as stored.</summary>
    public DateTimeOffset Timestamp { get; init; }
    public string CreatorApplication { get; init; } = "vmpt";
    public uint CreatorVersion { get; init; } = 0x0001_0000;
    public string CreatorHostOs { get; init; } = "Wi2k";
    public long OriginalSize { get; init; }
    public long CurrentSize { get; init; }
    public DiskGeometry Geometry { get; init; }
    public VhdDiskType DiskType { get; init; } = VhdDiskType.Fixed;
    /// <summary>The checksum as read; <see cref="ToBytes"/> always writes a freshly computed one.</summary>
    public uint Checksum { get; init; }
    public Guid UniqueId { get; init; }
    public bool SavedState { get; init; }

    public static VhdFooter ForFixedDisk(long dataSizeBytes) => ForFixedDisk(dataSizeBytes, DateTimeOffset.UtcNow, Guid.NewGuid());

    public static VhdFooter ForFixedDisk(long dataSizeBytes, DateTimeOffset timestamp, Guid uniqueId)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dataSizeBytes);
        if (dataSizeBytes % MiB != 0)
            throw new ArgumentOutOfRangeException(nameof(dataSizeBytes), dataSizeBytes, "A fixed disk holds a whole number of MiB.");
        return new VhdFooter
        {
            Timestamp = Epoch.AddSeconds(Math.Floor((timestamp - Epoch).TotalSeconds)),
            OriginalSize = dataSizeBytes,
            CurrentSize = dataSizeBytes,
            Geometry = DiskGeometry.For(dataSizeBytes),
            UniqueId = uniqueId,
        };
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Size];
        var span = bytes.AsSpan();
        Cookie.CopyTo(span);
        BinaryPrimitives.WriteUInt32BigEndian(span[8..], Features);
        BinaryPrimitives.WriteUInt32BigEndian(span[12..], FileFormatVersion);
        BinaryPrimitives.WriteUInt64BigEndian(span[16..], DataOffset);
        BinaryPrimitives.WriteUInt32BigEndian(span[24..], (uint)(Timestamp - Epoch).TotalSeconds);
        WriteFourCc(span[28..], CreatorApplication);
        BinaryPrimitives.WriteUInt32BigEndian(span[32..], CreatorVersion);
        WriteFourCc(span[36..], CreatorHostOs);
        BinaryPrimitives.WriteInt64BigEndian(span[40..], OriginalSize);
        BinaryPrimitives.WriteInt64BigEndian(span[48..], CurrentSize);
        BinaryPrimitives.WriteUInt16BigEndian(span[56..], Geometry.Cylinders);
        span[58] = Geometry.Heads;
        span[59] = Geometry.SectorsPerTrack;
        BinaryPrimitives.WriteUInt32BigEndian(span[60..], (uint)DiskType);
        UniqueId.TryWriteBytes(span[68..84], bigEndian: true, out _);
        span[84] = SavedState ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(span[ChecksumOffset..], ComputeChecksum(span));
        return bytes;
    }

    /// <summary>Reads the fields of a footer; null when the bytes do not start with the <c>conectix</c> cookie.</summary>
    public static VhdFooter? Parse(ReadOnlySpan<byte> footer)
    {
        if (footer.Length != Size || !footer[..8].SequenceEqual(Cookie)) return null;
        return new VhdFooter
        {
            Features = BinaryPrimitives.ReadUInt32BigEndian(footer[8..]),
            FileFormatVersion = BinaryPrimitives.ReadUInt32BigEndian(footer[12..]),
            DataOffset = BinaryPrimitives.ReadUInt64BigEndian(footer[16..]),
            Timestamp = Epoch.AddSeconds(BinaryPrimitives.ReadUInt32BigEndian(footer[24..])),
            CreatorApplication = Encoding.ASCII.GetString(footer[28..32]),
            CreatorVersion = BinaryPrimitives.ReadUInt32BigEndian(footer[32..]),
            CreatorHostOs = Encoding.ASCII.GetString(footer[36..40]),
            OriginalSize = BinaryPrimitives.ReadInt64BigEndian(footer[40..]),
            CurrentSize = BinaryPrimitives.ReadInt64BigEndian(footer[48..]),
            Geometry = new DiskGeometry(BinaryPrimitives.ReadUInt16BigEndian(footer[56..]), footer[58], footer[59]),
            DiskType = (VhdDiskType)BinaryPrimitives.ReadUInt32BigEndian(footer[60..]),
            Checksum = BinaryPrimitives.ReadUInt32BigEndian(footer[ChecksumOffset..]),
            UniqueId = new Guid(footer[68..84], bigEndian: true),
            SavedState = footer[84] != 0,
        };
    }

    /// <summary>
    /// R1/R2: is a file or blob of <paramref name="totalLength"/> bytes ending in <paramref name="last512Bytes"/>
    /// a fixed VHD the portal accepts? The first problem found is named; the checksum is checked before any
    /// field is believed.
    /// </summary>
    public static VhdValidation Validate(ReadOnlySpan<byte> last512Bytes, long totalLength)
    {
        if (totalLength < Size || last512Bytes.Length != Size)
            return VhdValidation.Refused(VhdFooterProblem.NotAVhd,
                DiskMessages.Format("VhdTooShort", totalLength));
        var footer = Parse(last512Bytes);
        if (footer is null)
            return VhdValidation.Refused(VhdFooterProblem.NotAVhd,
                DiskMessages.Get("VhdNoFooter"));
        var computed = ComputeChecksum(last512Bytes);
        if (computed != footer.Checksum)
            return VhdValidation.Refused(VhdFooterProblem.BadChecksum,
                DiskMessages.Format("VhdBadChecksum", footer.Checksum, computed));

        switch (footer.DiskType)
        {
            case VhdDiskType.Dynamic:
                return VhdValidation.Refused(VhdFooterProblem.DynamicVhd,
                    DiskMessages.Get("VhdDynamic"));
            case VhdDiskType.Differencing:
                return VhdValidation.Refused(VhdFooterProblem.DifferencingVhd,
                    DiskMessages.Get("VhdDifferencing"));
            case not VhdDiskType.Fixed:
                return VhdValidation.Refused(VhdFooterProblem.NotAVhd,
                    DiskMessages.Format("VhdUnknownType", (uint)footer.DiskType));
        }

        var dataLength = totalLength - Size;
        if (dataLength == 0 || footer.CurrentSize == 0)
            return VhdValidation.Refused(VhdFooterProblem.TooSmall, DiskMessages.Get("VhdNoData"));
        if (dataLength % MiB != 0)
            return VhdValidation.Refused(VhdFooterProblem.SizeNotWholeMiB,
                DiskMessages.Format("VhdNotWholeMiB", dataLength));
        if (footer.CurrentSize != dataLength)
            return VhdValidation.Refused(VhdFooterProblem.SizeNotWholeMiB,
                DiskMessages.Format("VhdSizeDiffers", footer.CurrentSize, dataLength));
        if (dataLength > MaxDataSize)
            return VhdValidation.Refused(VhdFooterProblem.TooLarge,
                DiskMessages.Format("VhdTooLarge", dataLength / (double)GiB));
        return VhdValidation.Valid(footer);
    }

    /// <summary>The one's complement of the byte sum, with the checksum field itself counted as zero.</summary>
    private static uint ComputeChecksum(ReadOnlySpan<byte> footer)
    {
        uint sum = 0;
        for (var i = 0; i < Size; i++)
            if (i is < ChecksumOffset or >= ChecksumOffset + 4) sum += footer[i];
        return ~sum;
    }

    private static void WriteFourCc(Span<byte> destination, string value)
    {
        if (value.Length != 4 || Encoding.ASCII.GetByteCount(value) != 4)
            throw new InvalidOperationException($"'{value}' is not a four-character ASCII code.");
        Encoding.ASCII.GetBytes(value, destination[..4]);
    }
}
