using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Security;

namespace VmPortal.Core.Networks;

public sealed record SubnetView(string Name, string AddressPrefix);

public sealed record VirtualNetworkView(string Name, string Location, string AddressSpace, IReadOnlyList<SubnetView> Subnets);

public sealed record SubnetRequest(string? Name, string? AddressPrefix);

public sealed record CreateVirtualNetworkRequest(string? Name, string? Location, string? AddressSpace, IReadOnlyList<SubnetRequest>? Subnets);

/// <summary>Virtual networks as metadata: an IPv4 address space and named subnets inside it.</summary>
public sealed class VirtualNetworkService(IDbContextFactory<PortalDbContext> dbFactory, AuditLog audit)
{
    public Task<PortalResult<Page<VirtualNetworkView>>> ListAsync(int? skip, int? take, CancellationToken cancellationToken = default) =>
        // Subnets live in a JSON column: the page is read as entities and shaped in memory.
        dbFactory.QueryPageAsync(skip, take, db => db.VirtualNetworks.AsNoTracking().OrderBy(v => v.Name), ToView, cancellationToken);

    public async Task<PortalResult<VirtualNetworkView>> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        if (NameRules.VirtualNetwork(name) is { } badName) return badName;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var network = await db.VirtualNetworks.AsNoTracking().Named(name).SingleOrDefaultAsync(cancellationToken);
        return network is null ? PortalError.NotFound(NetworkMessages.Format("WhatVirtualNetwork", name)) : ToView(network);
    }

    public async Task<PortalResult<VirtualNetworkView>> CreateAsync(CreateVirtualNetworkRequest request, Actor actor, CancellationToken cancellationToken = default)
    {
        if (NameRules.VirtualNetwork(request.Name) is { } invalidName) return invalidName;
        var location = Locations.Resolve(request.Location);
        if (!location.Succeeded) return location.Error;
        var space = ParseCidr(request.AddressSpace, "addressSpace");
        if (!space.Succeeded) return space.Error;
        var subnets = ValidateSubnets(request.Subnets, space.Value);
        if (!subnets.Succeeded) return subnets.Error;

        var name = request.Name!;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Names are unique regardless of case, so 'Net1' and 'net1' never both exist.
        var normalized = name.ToUpperInvariant();
        if (await db.VirtualNetworks.AnyAsync(v => v.NormalizedName == normalized, cancellationToken)) return NameTaken(name);
        var network = new VirtualNetwork
        {
            Name = name, Location = location.Value, AddressSpace = space.Value.ToString(), Subnets = subnets.Value,
        };
        db.VirtualNetworks.Add(network);
        audit.Record(db, actor, AuditActions.CreateVirtualNetwork, $"virtual-networks/{name}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return NameTaken(name);
        }
        return ToView(network);
    }

    private static PortalResult<List<Subnet>> ValidateSubnets(IReadOnlyList<SubnetRequest>? requested, IPNetwork space)
    {
        if (requested is null || requested.Count == 0)
            return PortalError.Validation("subnets", NetworkMessages.Format("NoSubnet", space));
        var subnets = new List<Subnet>();
        var prefixes = new List<IPNetwork>();
        for (var i = 0; i < requested.Count; i++)
        {
            var field = $"subnets[{i}]";
            var name = requested[i]?.Name;
            if (NameRules.Subnet(name, $"{field}.name") is { } badName) return badName;
            if (subnets.Any(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                return PortalError.Validation($"{field}.name", NetworkMessages.Format("SubnetNamedTwice", name));
            var prefix = ParseCidr(requested[i]?.AddressPrefix, $"{field}.addressPrefix");
            if (!prefix.Succeeded) return prefix.Error;
            var p = prefix.Value;
            if (p.PrefixLength < space.PrefixLength || !space.Contains(p.BaseAddress))
                return PortalError.Validation($"{field}.addressPrefix", NetworkMessages.Format("SubnetOutside", name, p, space));
            var overlapped = prefixes.FindIndex(q => Overlaps(p, q));
            if (overlapped >= 0)
                return PortalError.Validation($"{field}.addressPrefix",
                    NetworkMessages.Format("SubnetOverlaps", name, p, subnets[overlapped].Name, prefixes[overlapped]));
            prefixes.Add(p);
            subnets.Add(new Subnet { Name = name!, AddressPrefix = p.ToString() });
        }
        return subnets;
    }

    /// <summary>An IPv4 CIDR whose host bits are zero, such as <c>10.0.0.0/16</c>.</summary>
    private static PortalResult<IPNetwork> ParseCidr(string? text, string field)
    {
        var example = field == "addressSpace" ? "10.0.0.0/16" : "10.0.1.0/24";
        if (string.IsNullOrWhiteSpace(text))
            return PortalError.Validation(field, NetworkMessages.Format("CidrMissing", field, example));
        var trimmed = text.Trim();
        // TryParse quietly clears host bits ("10.0.0.1/16" → 10.0.0.0/16); a range that needed that is refused, not guessed.
        if (!trimmed.Contains('/') || !IPNetwork.TryParse(trimmed, out var network)
            || network.BaseAddress.AddressFamily != AddressFamily.InterNetwork
            || network.BaseAddress.ToString() != trimmed[..trimmed.IndexOf('/')])
            return PortalError.Validation(field,
                NetworkMessages.Format("CidrInvalid", text, example));
        return network;
    }

    private static bool Overlaps(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    private static VirtualNetworkView ToView(VirtualNetwork v) =>
        new(v.Name, v.Location, v.AddressSpace, v.Subnets.Select(s => new SubnetView(s.Name, s.AddressPrefix)).ToList());

    private static PortalError NameTaken(string name) =>
        new(ErrorCodes.NameConflict, NetworkMessages.Format("NameTaken", name), "name");
}
