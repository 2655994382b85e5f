namespace VmPortal.Core.Disks;

/// <summary>The cylinder/head/sector geometry a fixed VHD footer advertises to BIOS-era guests.</summary>
public readonly record struct DiskGeometry(ushort Cylinders, byte Heads, byte SectorsPerTrack)
{
    /// <summary>
    /// The algorithm from the VHD specification (appendix "CHS calculation"): guests that still address
    /// disks by CHS see the geometry Hyper-V and Azure would give them, capped at about 127 GiB.
    /// </summary>
    public static DiskGeometry For(long dataSizeBytes)
    {
        var totalSectors = dataSizeBytes / VhdFooter.SectorSize;
        if (totalSectors > 65535L * 16 * 255) totalSectors = 65535L * 16 * 255;

        long sectorsPerTrack, heads, cylinderTimesHeads;
        if (totalSectors >= 65535L * 16 * 63)
        {
            sectorsPerTrack = 255;
            heads = 16;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
        }
        else
        {
            sectorsPerTrack = 17;
            cylinderTimesHeads = totalSectors / sectorsPerTrack;
            heads = Math.Max((cylinderTimesHeads + 1023) / 1024, 4);
            if (cylinderTimesHeads >= heads * 1024 || heads > 16)
            {
                sectorsPerTrack = 31;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
            if (cylinderTimesHeads >= heads * 1024)
            {
                sectorsPerTrack = 63;
                heads = 16;
                cylinderTimesHeads = totalSectors / sectorsPerTrack;
            }
        }
        return new DiskGeometry((ushort)(cylinderTimesHeads / heads), (byte)heads, (byte)sectorsPerTrack);
    }
}
