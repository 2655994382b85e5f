namespace VmPortal.Core.Catalogue;

/// <summary>A VHD page blob with its catalogue data; attached to at most one VM.</summary>
public sealed class Disk : IConcurrencyStamped
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string MediaLink { get; set; }
    public string? Label { get; set; }
    public int LogicalSizeInGb { get; set; }
    public HostCaching HostCaching { get; set; }
    /// <summary>Set for OS disks.</summary>
    public OsType? Os { get; set; }
    /// <summary>Set for data disks.</summary>
    public int? Lun { get; set; }
    public int? VirtualMachineId { get; set; }
    public VirtualMachine? VirtualMachine { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
