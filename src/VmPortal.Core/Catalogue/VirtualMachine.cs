namespace VmPortal.Core.Catalogue;

/// <summary>A VM (role) in a cloud service.</summary>
public sealed class VirtualMachine : IConcurrencyStamped
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int CloudServiceId { get; set; }
    public CloudService? CloudService { get; set; }
    public required string InstanceSize { get; set; }
    public OsType Os { get; set; }
    public VmStatus Status { get; set; }
    public PowerState PowerState { get; set; }
    /// <summary>RDP / SSH answer; false while a running guest is still booting (R24).</summary>
    public bool GuestReady { get; set; }
    /// <summary>When a running guest that is not ready yet will answer RDP/SSH (fabric time).</summary>
    public DateTimeOffset? GuestReadyAt { get; set; }
    public string? SourceImageName { get; set; }
    /// <summary>The guest's machine id as of its last boot (R26: VMs sharing one are flagged).</summary>
    public Guid? MachineId { get; set; }
    public string? VirtualNetworkName { get; set; }
    public string? SubnetName { get; set; }
    public List<Endpoint> Endpoints { get; set; } = [];
    /// <summary>What people tag it with, to sort and find it; keys unique.</summary>
    public List<ResourceTag> Tags { get; set; } = [];
    public DateTimeOffset CreatedTime { get; set; }
    /// <summary>The one operation running on this VM, if any: a second one is refused with VmBusy.</summary>
    public Guid? ActiveOperationId { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
    /// <summary>
    /// Its cloud service's name, copied by the database (<see cref="Data.ScaleOrderColumns"/>) so the list's default order
    /// (cloud service, then name) is one index on this table; code never writes it.
    /// </summary>
    public string ServiceName { get; set; } = "";
    /// <summary>Its cloud service's location, copied by the database (<see cref="Data.VmSortColumns"/>) so the list sorts by an index; code never writes it.</summary>
    public string Location { get; set; } = "";
    /// <summary>How many data disks it has, counted by the database (<see cref="Data.VmSortColumns"/>) so the list sorts by an index; code never writes it.</summary>
    public int DataDiskCount { get; set; }
    public List<Disk> Disks { get; set; } = [];
}
