using System.Buffers.Binary;
using VmPortal.Core.Disks;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Disks;

public sealed class VhdFooterTests
{
    private const long OneGiB = VhdFooter.GiB;

    [Fact]
    public void A_fixed_disk_footer_parses_back_to_the_same_fields_with_a_valid_checksum()
    {
        var footer = VhdFooter.ForFixedDisk(127 * OneGiB, new DateTimeOffset(2026, 11, 25, 10, 30, 15, TimeSpan.Zero), Guid.NewGuid());

        var bytes = footer.ToBytes();
        var parsed = VhdFooter.Parse(bytes);

        Assert.NotNull(parsed);
        Assert.Equal(footer with { Checksum = parsed.Checksum }, parsed);
        Assert.Equal("conectix"u8.ToArray(), bytes[..8]);
        Assert.Equal(VhdDiskType.Fixed, parsed.DiskType);
        Assert.Equal(ulong.MaxValue, parsed.DataOffset);
        Assert.Equal(("vmpt", "Wi2k"), (parsed.CreatorApplication, parsed.CreatorHostOs));
        Assert.Equal(127 * OneGiB, parsed.CurrentSize);
        Assert.True(VhdFooter.Validate(bytes, 127 * OneGiB + 512).IsValid);
    }

    [Fact]
    public void Why_a_footer_is_refused_is_said_in_the_readers_language()
    {
        var bytes = VhdFooter.ForFixedDisk(OneGiB, DateTimeOffset.UnixEpoch, Guid.NewGuid()).ToBytes();

        string english, chinese;
        using (new InCulture("en")) english = VhdFooter.Validate(bytes, OneGiB + 512 + VhdFooter.MiB).Message;
        using (InCulture.Chinese()) chinese = VhdFooter.Validate(bytes, OneGiB + 512 + VhdFooter.MiB).Message;

        Assert.Equal($"The footer says the disk holds {OneGiB} bytes but the data area is {OneGiB + VhdFooter.MiB} bytes: the file was truncated or padded.", english);
        Assert.Contains("数据区", chinese);
        Assert.Contains($"{OneGiB + VhdFooter.MiB} 字节", chinese);
    }

    [Fact]
    public void The_timestamp_counts_seconds_since_2000_in_big_endian()
    {
        var bytes = VhdFooter.ForFixedDisk(OneGiB, new DateTimeOffset(2000, 1, 1, 0, 1, 40, TimeSpan.Zero), Guid.NewGuid()).ToBytes();

        Assert.Equal(100u, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(24)));
    }

    [Theory]
    [InlineData(20L << 20, 602, 4, 17)]           // 20 MiB: 17 sectors per track
    [InlineData(200L << 20, 825, 16, 31)]         // 200 MiB: 31 sectors per track
    [InlineData(1L << 30, 2080, 16, 63)]          // 1 GiB: 63 sectors per track
    [InlineData(127L << 30, 65278, 16, 255)]      // 127 GiB: 255 sectors per track
    [InlineData(1023L << 30, 65535, 16, 255)]     // 1023 GiB: capped at the largest CHS geometry
    public void Geometry_follows_the_VHD_specification_algorithm(long size, int cylinders, int heads, int sectors)
    {
        Assert.Equal(new DiskGeometry((ushort)cylinders, (byte)heads, (byte)sectors), DiskGeometry.For(size));
    }

    [Fact]
    public void A_file_without_the_conectix_cookie_is_not_a_VHD()
    {
        var result = VhdFooter.Validate(new byte[512], OneGiB + 512);

        Assert.Equal(VhdFooterProblem.NotAVhd, result.Problem);
        Assert.Contains("conectix", result.Message);
    }

    [Fact]
    public void A_file_shorter_than_a_footer_is_not_a_VHD()
    {
        Assert.Equal(VhdFooterProblem.NotAVhd, VhdFooter.Validate(new byte[100], 100).Problem);
    }

    [Theory]
    [InlineData(VhdDiskType.Dynamic, VhdFooterProblem.DynamicVhd, "dynamic")]
    [InlineData(VhdDiskType.Differencing, VhdFooterProblem.DifferencingVhd, "differencing")]
    public void Dynamic_and_differencing_VHDs_are_refused_by_name(VhdDiskType type, VhdFooterProblem problem, string word)
    {
        var bytes = (VhdFooter.ForFixedDisk(OneGiB) with { DiskType = type, DataOffset = 512 }).ToBytes();

        var result = VhdFooter.Validate(bytes, OneGiB + 512);

        Assert.Equal(problem, result.Problem);
        Assert.Contains(word, result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_footer_whose_checksum_does_not_match_is_refused()
    {
        var bytes = VhdFooter.ForFixedDisk(OneGiB).ToBytes();
        bytes[100] ^= 0x01;

        var result = VhdFooter.Validate(bytes, OneGiB + 512);

        Assert.Equal(VhdFooterProblem.BadChecksum, result.Problem);
        Assert.Contains("checksum", result.Message);
    }

    [Theory]
    [InlineData(1L << 30, (1L << 30) + 512 + 512)]   // padded by a sector: not N MiB + 512
    [InlineData(1L << 30, (1L << 30) - (1 << 20) + 512)] // whole MiB, but the footer claims 1 MiB more: truncated
    public void A_length_that_is_not_the_footers_whole_MiB_plus_512_is_refused(long footerSize, long totalLength)
    {
        var result = VhdFooter.Validate(VhdFooter.ForFixedDisk(footerSize).ToBytes(), totalLength);

        Assert.Equal(VhdFooterProblem.SizeNotWholeMiB, result.Problem);
    }

    [Fact]
    public void A_disk_over_1023_GB_is_too_large()
    {
        var size = 1024 * OneGiB;

        var result = VhdFooter.Validate(VhdFooter.ForFixedDisk(size).ToBytes(), size + 512);

        Assert.Equal(VhdFooterProblem.TooLarge, result.Problem);
        Assert.Contains("1023", result.Message);
    }

    [Fact]
    public void A_disk_of_exactly_1023_GB_is_accepted()
    {
        var size = 1023 * OneGiB;

        Assert.True(VhdFooter.Validate(VhdFooter.ForFixedDisk(size).ToBytes(), size + 512).IsValid);
    }

    [Fact]
    public void A_disk_with_no_data_is_too_small()
    {
        var bytes = (VhdFooter.ForFixedDisk(OneGiB) with { CurrentSize = 0, OriginalSize = 0 }).ToBytes();

        Assert.Equal(VhdFooterProblem.TooSmall, VhdFooter.Validate(bytes, 512).Problem);
    }
}
