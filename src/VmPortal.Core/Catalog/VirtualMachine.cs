namespace VmPortal.Core.Catalog;

/// <summary>A VM (role) in a cloud service.</summary>
public sealed class VirtualMachine
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int CloudServiceId { get; set; }
    public CloudService? CloudService { get; set; }
    public required string InstanceSize { get; set; }
    public OsType Os { get; set; }
    public VmStatus Status { get; set; }
    public string? SourceImageName { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public List<Disk> Disks { get; set; } = [];
}
