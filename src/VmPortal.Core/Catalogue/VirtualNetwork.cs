namespace VmPortal.Core.Catalogue;

/// <summary>A named network in one location; VMs may join one of its subnets.</summary>
public sealed class VirtualNetwork
{
    private string _name = "";

    public int Id { get; set; }

    public required string Name
    {
        get => _name;
        set { _name = value; NormalizedName = value.ToUpperInvariant(); }
    }

    /// <summary>The upper-cased name: names are unique regardless of case, and the database enforces it.</summary>
    public string NormalizedName { get; private set; } = "";
    public required string Location { get; set; }
    public required string AddressSpace { get; set; }
    public List<Subnet> Subnets { get; set; } = [];
}

public sealed class Subnet
{
    public required string Name { get; set; }
    public required string AddressPrefix { get; set; }
}
