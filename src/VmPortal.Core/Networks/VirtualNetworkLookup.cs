using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Networks;

/// <summary>Finding a virtual network, or one of its subnets, by the name a request gives, in any case.</summary>
public static class VirtualNetworkLookup
{
    /// <summary>The network named <paramref name="name"/> in any case: names are unique regardless of case, and ASCII by rule.</summary>
    public static IQueryable<VirtualNetwork> Named(this IQueryable<VirtualNetwork> networks, string name)
    {
        var normalized = name.ToUpperInvariant();
        return networks.Where(v => v.NormalizedName == normalized);
    }

    /// <summary>The subnet named <paramref name="name"/> in any case (a network never holds two that differ only in case).</summary>
    public static Subnet? SubnetNamed(this VirtualNetwork network, string name) =>
        network.Subnets.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
