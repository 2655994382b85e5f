namespace VmPortal.Core.Catalogue;

/// <summary>A named DNS container (<c>name.cloudapp.net</c>) in one location that VMs are deployed into.</summary>
public sealed class CloudService
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Location { get; set; }
    public string? Label { get; set; }
    public string? Description { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public List<VirtualMachine> VirtualMachines { get; set; } = [];
}
