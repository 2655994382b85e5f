namespace VmPortal.Core.Catalogue;

/// <summary>A named network in one location; VMs may join one of its subnets.</summary>
public sealed class VirtualNetwork
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string Location { get; set; }
    public required string AddressSpace { get; set; }
    public List<Subnet> Subnets { get; set; } = [];
}

public sealed class Subnet
{
    public required string Name { get; set; }
    public required string AddressPrefix { get; set; }
}
