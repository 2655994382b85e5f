using Azure.Storage.Blobs.Specialized;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;

namespace VmPortal.Testing;

/// <summary>
/// Page blobs for registration tests, written with the page blob client: good fixed VHDs (with a guest record when
/// they stand for an OS disk) and every kind of blob R1 refuses. Sparse, so a 1 GiB disk costs two pages.
/// </summary>
public static class TestVhds
{
    public const long GiB = VhdFooter.GiB;

    public static string UniqueBlobName(string prefix = "reg") => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)] + ".vhd";

    /// <summary>An OS disk: a fixed VHD whose guest record says which OS it is and whether it was generalized.</summary>
    public static Task<Uri> OsDiskAsync(BlobAccount account, OsType os, bool generalized, long dataSize = GiB) =>
        WriteAsync(account, dataSize, VhdFooter.ForFixedDisk(dataSize).ToBytes(),
            generalized ? GuestRecord.GeneralizedImage(os) : new GuestRecord { Os = os, ComputerName = "src01", AdminUserName = "ops", MachineId = Guid.NewGuid(), Provisioned = true });

    /// <summary>A data disk (or a would-be OS disk without a guest record): a fixed VHD and nothing else.</summary>
    public static Task<Uri> DataDiskAsync(BlobAccount account, long dataSize = GiB) =>
        WriteAsync(account, dataSize, VhdFooter.ForFixedDisk(dataSize).ToBytes(), guest: null);

    public static TheoryData<string, VhdFooterProblem> Damages => new()
    {
        { "dynamic", VhdFooterProblem.DynamicVhd },
        { "differencing", VhdFooterProblem.DifferencingVhd },
        { "bad-checksum", VhdFooterProblem.BadChecksum },
        { "size-not-whole-MiB", VhdFooterProblem.SizeNotWholeMiB },
        { "footer-disagrees-with-size", VhdFooterProblem.SizeNotWholeMiB },
        { "no-footer", VhdFooterProblem.NotAVhd },
    };

    /// <summary>A blob R1 refuses, carrying a valid Windows guest record so only the footer is at fault.</summary>
    public static Task<Uri> DamagedAsync(BlobAccount account, string damage)
    {
        const long size = 64 * VhdFooter.MiB;
        var footer = VhdFooter.ForFixedDisk(size);
        var guest = GuestRecord.GeneralizedImage(OsType.Windows);
        return damage switch
        {
            "dynamic" => WriteAsync(account, size, (footer with { DiskType = VhdDiskType.Dynamic, DataOffset = 512 }).ToBytes(), guest),
            "differencing" => WriteAsync(account, size, (footer with { DiskType = VhdDiskType.Differencing, DataOffset = 512 }).ToBytes(), guest),
            "bad-checksum" => WriteAsync(account, size, Flip(footer.ToBytes(), 100), guest),
            // The data area is one sector more than whole MiB; the footer agrees with it.
            "size-not-whole-MiB" => WriteAsync(account, size + 512, (footer with { CurrentSize = size + 512, OriginalSize = size + 512 }).ToBytes(), guest),
            // The footer says 64 MiB but the blob holds 65 MiB of data: truncated or padded.
            "footer-disagrees-with-size" => WriteAsync(account, size + VhdFooter.MiB, footer.ToBytes(), guest),
            "no-footer" => WriteAsync(account, size, new byte[512], guest),
            _ => throw new ArgumentOutOfRangeException(nameof(damage), damage, null),
        };
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        bytes[at] ^= 0xFF;
        return bytes;
    }

    private static async Task<Uri> WriteAsync(BlobAccount account, long dataSize, byte[] footer, GuestRecord? guest)
    {
        await account.Vhds.CreateIfNotExistsAsync();
        var blob = account.Vhds.GetPageBlobClient(UniqueBlobName());
        await blob.CreateAsync(dataSize + VhdFooter.Size);
        await blob.UploadPagesAsync(new MemoryStream(footer), dataSize);
        if (guest is not null) await blob.UploadPagesAsync(new MemoryStream(guest.ToBytes()), GuestRecord.Offset);
        return blob.Uri;
    }
}
