using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Web.Api;

/// <summary>
/// API.md <c>Vm</c>: the shape clients (and the PowerShell module) read. <c>blobMissing</c> (here and on each disk) is true
/// when a disk's blob was deleted outside the portal; null in lists, which do not ask storage.
/// </summary>
internal sealed record VmResource(
    string Name, string ServiceName, string Location, string InstanceSize, OsType Os, VmStatus Status, PowerState PowerState,
    bool GuestReady, string? SourceImageName, DiskView? OsDisk, IReadOnlyList<DiskView> DataDisks, IReadOnlyList<VmPortal.Core.Catalogue.Endpoint> Endpoints,
    string? VirtualNetwork, string? Subnet, GuestView? Guest, bool SharesMachineId, bool? BlobMissing, IReadOnlyDictionary<string, string> Tags)
{
    public static VmResource From(VmDetails d) => new(
        d.Summary.Name, d.Summary.ServiceName, d.Summary.Location, d.Summary.InstanceSize, d.Summary.Os, d.Summary.Status,
        d.Summary.PowerState, d.Summary.GuestReady, d.Summary.SourceImageName, d.OsDisk, d.DataDisks, d.Endpoints,
        d.VirtualNetwork, d.Subnet, d.Guest, d.Summary.SharesMachineId, d.BlobMissing, d.Tags ?? new Dictionary<string, string>());
}

/// <summary>Request bodies of the VM routes; each may be empty where API.md says so.</summary>
internal sealed record StopVmBody(bool? Deallocate);

internal sealed record ResizeVmBody(string? InstanceSize, IReadOnlyDictionary<string, string>? Tags = null);

internal sealed record AttachDataDiskBody(int? Lun, string? HostCaching, string? Label, int? SizeInGb, string? DiskName);
