using System.Buffers.Binary;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Qemu.Tests.Guest;

/// <summary>
/// The image the QEMU fabric boots (scripts/build-guest-image.sh), read with the portal's own parsers: what the
/// upload route and the fabric will believe about it. Booting it is <see cref="GuestImageBootTests"/>.
/// </summary>
public sealed class GuestImageTests
{
    [Fact]
    public async Task The_image_is_a_fixed_one_GiB_VHD_the_portal_accepts()
    {
        await GuestImage.EnsureBuiltAsync();

        await using var vhd = File.OpenRead(GuestImage.Vhd);
        var footer = new byte[VhdFooter.Size];
        vhd.Seek(-VhdFooter.Size, SeekOrigin.End);
        await vhd.ReadExactlyAsync(footer);
        var validation = VhdFooter.Validate(footer, vhd.Length);

        Assert.True(validation.IsValid, validation.Message);
        Assert.Equal(VhdDiskType.Fixed, validation.Footer!.DiskType);
        Assert.Equal(VhdFooter.GiB, validation.Footer.CurrentSize);
        Assert.Equal(VhdFooter.GiB + VhdFooter.Size, vhd.Length);
    }

    [Fact]
    public async Task Sector_one_holds_a_generalized_Linux_record_with_no_name_user_or_machine_id()
    {
        await GuestImage.EnsureBuiltAsync();

        var read = GuestRecord.Parse(await ReadSectorsAsync(GuestRecord.Offset, 1));

        Assert.Equal(SectorState.Present, read.State);
        Assert.Equal(GuestRecord.GeneralizedImage(OsType.Linux), read.Value);
    }

    [Fact]
    public async Task One_ext4_partition_starts_at_one_MiB_and_leaves_the_sectors_before_it_to_the_fabric()
    {
        await GuestImage.EnsureBuiltAsync();

        var head = await ReadSectorsAsync(0, 2048);
        var partitionEntry = head.AsSpan(446, 16);

        Assert.Equal([0x55, 0xAA], head[510..512]);
        Assert.Equal(0x83, partitionEntry[4]);
        Assert.Equal(2048u, BinaryPrimitives.ReadUInt32LittleEndian(partitionEntry[8..]));
        Assert.All(head.AsSpan(462, 48).ToArray(), b => Assert.Equal(0, b)); // no second partition
        // R5a's heartbeat sector and everything after the record are free: nothing of the partition table or the file system.
        Assert.All(head[1024..], b => Assert.Equal(0, b));
        // ext4's superblock magic, 1080 bytes into the partition.
        var superblock = await ReadSectorsAsync(VhdFooter.MiB + 1024, 1);
        Assert.Equal(0xEF53, BinaryPrimitives.ReadUInt16LittleEndian(superblock.AsSpan(56)));
    }

    [Fact]
    public async Task A_second_build_of_the_same_scripts_is_the_cached_one()
    {
        await GuestImage.EnsureBuiltAsync();
        var built = File.GetLastWriteTimeUtc(GuestImage.Vhd);

        var again = await GuestImage.BuildAsync();

        Assert.True(again.ExitCode == 0, again.Output);
        Assert.Contains("cached build", again.Output);
        Assert.Equal(built, File.GetLastWriteTimeUtc(GuestImage.Vhd));
        Assert.True(again.Took < TimeSpan.FromSeconds(10), $"a cached build took {again.Took}");
        Assert.True(File.Exists(GuestImage.Kernel) && new FileInfo(GuestImage.Kernel).Length > 0, "no vmlinuz beside the image");
        Assert.True(File.Exists(GuestImage.Initrd) && new FileInfo(GuestImage.Initrd).Length > 0, "no initrd.img beside the image");
    }

    private static async Task<byte[]> ReadSectorsAsync(long offset, int count)
    {
        await using var vhd = File.OpenRead(GuestImage.Vhd);
        vhd.Seek(offset, SeekOrigin.Begin);
        var bytes = new byte[count * VhdFooter.SectorSize];
        await vhd.ReadExactlyAsync(bytes);
        return bytes;
    }
}
