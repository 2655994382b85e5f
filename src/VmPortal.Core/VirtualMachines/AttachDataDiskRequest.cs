namespace VmPortal.Core.VirtualMachines;

/// <summary>Attach a new empty disk (<see cref="SizeInGb"/>) or an unattached existing one (<see cref="DiskName"/>) at a LUN.</summary>
public sealed record AttachDataDiskRequest(int Lun, string? HostCaching = null, string? Label = null, int? SizeInGb = null, string? DiskName = null);
