using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// Takes a (stopped) VM out of the catalogue inside the caller's unit of work: its disks stay as
/// unattached disks, or are removed with their blobs listed for deletion after the commit — so a capture
/// can delete its source VM in the same transaction that registers the image (R9, R12).
/// </summary>
public static class VmRemoval
{
    /// <returns>The media links whose blobs the caller deletes once the transaction has committed.</returns>
    public static IReadOnlyList<string> Remove(PortalDbContext db, VirtualMachine vm, bool deleteDisks)
    {
        var blobs = new List<string>();
        foreach (var disk in vm.Disks)
        {
            if (deleteDisks)
            {
                blobs.Add(disk.MediaLink);
                db.Disks.Remove(disk);
            }
            else
            {
                disk.VirtualMachineId = null;
                disk.Lun = null;
            }
        }
        db.VirtualMachines.Remove(vm);
        return blobs;
    }
}
