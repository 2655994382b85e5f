using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Testing;

/// <summary>
/// A local fixed VHD file as a user uploads it: mostly zeros (a sparse file, so a 127 GiB one costs what is written), a
/// guest record when it stands for an OS disk, random data at the offsets given, and the footer.
/// </summary>
public static class SparseVhdFile
{
    /// <summary>Writes the file; <paramref name="dataAt"/> are offsets of 64 KiB of random data each, <paramref name="blockBytes"/> long.</summary>
    public static string Write(string path, long dataSize, IEnumerable<long> dataAt, OsType? os = OsType.Linux, bool generalized = true, int blockBytes = 64 * 1024)
    {
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.SetLength(dataSize + VhdFooter.Size);
            if (os is { } guest)
                Write(file, GuestRecord.Offset, (generalized ? GuestRecord.GeneralizedImage(guest)
                    : new GuestRecord { Os = guest, ComputerName = "src01", AdminUserName = "ops", MachineId = Guid.NewGuid(), Provisioned = true }).ToBytes());
            var block = new byte[blockBytes];
            foreach (var at in dataAt)
            {
                Random.Shared.NextBytes(block);
                Write(file, at, block);
            }
            Write(file, dataSize, VhdFooter.ForFixedDisk(dataSize).ToBytes());
        }
        return path;
    }

    private static void Write(FileStream file, long offset, byte[] bytes)
    {
        file.Position = offset;
        file.Write(bytes);
    }
}
