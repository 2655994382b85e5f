using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Deploy;

/// <summary>
/// The pure part of a deploy (R20–R28): names, endpoints, disks and the provisioning rules, decided from the request
/// and what the catalogue holds — no I/O, so every rule is unit-tested on its own.
/// </summary>
public static class DeployPlanner
{
    public const int MaxCount = 20;

    /// <summary>One VM keeps its name; a bulk deploy of <paramref name="count"/> numbers them <c>name1</c>…<c>nameN</c>.</summary>
    public static List<string> VmNames(string name, int count) =>
        count == 1 ? [name] : Enumerable.Range(1, count).Select(i => $"{name}{i}").ToList();

    /// <summary>The computer name of VM <paramref name="index"/>: as asked for one VM, numbered like the VM names for several.</summary>
    public static string? ComputerNameFor(string? asked, int count, int index) =>
        asked is null ? null : count == 1 ? asked : $"{asked}{index + 1}";

    /// <summary>The image's disks in <paramref name="location"/>: a public image's replica there, or a user image's own disks.</summary>
    public static List<ImageDiskPlan>? PlanDisks(Image image, string location)
    {
        var here = image.Disks.Where(d => d.Location.Equals(location, StringComparison.OrdinalIgnoreCase)).ToList();
        if (here.All(d => d.Lun is not null)) return null;
        return here.OrderBy(d => d.Lun ?? -1).Select(d => new ImageDiskPlan(d.Lun, d.MediaLink, d.HostCaching, d.LogicalSizeInGb)).ToList();
    }

    /// <summary>R28 and credential rules for what was given (what is missing is <see cref="CheckProvisioning"/>'s business).</summary>
    public static PortalError? CheckCredentialFormats(ProvisioningData? p)
    {
        if (p is null) return null;
        if (p.ComputerName is not null && NameRules.VirtualMachine(p.ComputerName, null, "provisioning.computerName") is { } badComputer)
            return badComputer;
        if (p.AdminUserName is { } user && Credentials.CheckUserName(user) is { } badUser) return badUser;
        if (p.AdminPassword is { } password && Credentials.CheckPassword(password) is { } weak) return weak;
        if (p.SshPublicKey is { } key && Credentials.CheckSshKey(key) is { } badKey) return badKey;
        return null;
    }

    /// <summary>Each endpoint named by the endpoint name rule, tcp or udp, ports 1–65535, no public port twice.</summary>
    public static PortalError? CheckEndpointFormats(IReadOnlyList<EndpointRequest>? endpoints)
    {
        foreach (var (e, i) in (endpoints ?? []).Select((e, i) => (e, i)))
        {
            var field = $"network.endpoints[{i}]";
            if (NameRules.Endpoint(e.Name, field + ".name") is { } badName) return badName;
            if (e.Protocol?.ToLowerInvariant() is not ("tcp" or "udp")) return PortalError.Validation(field + ".protocol", DeployMessages.Format("EndpointProtocol", e.Name));
            if (e.PublicPort is < 1 or > 65535 || e.LocalPort is < 1 or > 65535)
                return PortalError.Validation(field, DeployMessages.Format("EndpointPorts", e.Name));
        }
        var duplicate = (endpoints ?? []).GroupBy(e => (e.Protocol?.ToLowerInvariant(), e.PublicPort)).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : PortalError.Validation("network.endpoints", DeployMessages.Format("PublicPortTwice", duplicate.Key.PublicPort));
    }

    /// <summary>
    /// Each VM's endpoints: the requested ones, or RDP 3389 / SSH 22 by default (R21). Public ports are the
    /// cloud service's, so a default already taken moves to a free high port; a requested one that is taken is a conflict.
    /// </summary>
    public static List<List<Endpoint>> PlanEndpoints(
        IReadOnlyList<EndpointRequest>? requested, OsType os, int count, CloudService? service, out PortalError? conflict)
    {
        conflict = null;
        var used = new HashSet<int>(service?.VirtualMachines.SelectMany(v => v.Endpoints).Select(e => e.PublicPort) ?? []);
        var result = new List<List<Endpoint>>();
        for (var i = 0; i < count; i++)
        {
            if (requested is { Count: > 0 } && i == 0)
            {
                if (requested.FirstOrDefault(e => used.Contains(e.PublicPort)) is { } clash)
                {
                    conflict = new PortalError(ErrorCodes.NameConflict,
                        DeployMessages.Format("PublicPortTaken", clash.PublicPort, service!.Name), "network.endpoints");
                    return result;
                }
                var own = requested.Select(e => new Endpoint { Name = e.Name!, Protocol = e.Protocol!.ToLowerInvariant(), PublicPort = e.PublicPort, LocalPort = e.LocalPort }).ToList();
                foreach (var e in own) used.Add(e.PublicPort);
                result.Add(own);
                continue;
            }
            var template = requested is { Count: > 0 }
                ? requested.Select(e => (e.Name!, e.Protocol!.ToLowerInvariant(), e.LocalPort)).ToList()
                : [os == OsType.Windows ? ("RemoteDesktop", "tcp", 3389) : ("SSH", "tcp", 22)];
            var endpoints = new List<Endpoint>();
            foreach (var (name, protocol, local) in template)
            {
                var port = used.Contains(local) ? Enumerable.Range(55001, 10000).First(p => !used.Contains(p)) : local;
                used.Add(port);
                endpoints.Add(new Endpoint { Name = name, Protocol = protocol, PublicPort = port, LocalPort = local });
            }
            result.Add(endpoints);
        }
        return result;
    }

    /// <summary>R21/R22: a generalized image needs provisioning data; a specialized one refuses it.</summary>
    public static PortalError? CheckProvisioning(Image image, ProvisioningData? p, int count)
    {
        if (image.OsState == OsState.Specialized)
        {
            if (p is not null)
                return new PortalError(ErrorCodes.ProvisioningNotAllowedForSpecializedImage,
                    DeployMessages.Format("SpecializedNoProvisioning", image.Name), "provisioning");
            if (count > 1)
                return PortalError.Validation("count",
                    DeployMessages.Format("SpecializedOneCopy", image.Name));
            return null;
        }
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(p?.ComputerName)) missing.Add(image.Os == OsType.Windows ? DeployMessages.Get("ProvisioningComputerName") : DeployMessages.Get("ProvisioningHostName"));
        if (string.IsNullOrWhiteSpace(p?.AdminUserName)) missing.Add(image.Os == OsType.Windows ? DeployMessages.Get("ProvisioningAdminUserName") : DeployMessages.Get("ProvisioningUserName"));
        if (image.Os == OsType.Windows && string.IsNullOrEmpty(p?.AdminPassword)) missing.Add(DeployMessages.Get("ProvisioningAdminPassword"));
        if (image.Os == OsType.Linux && string.IsNullOrEmpty(p?.AdminPassword) && string.IsNullOrWhiteSpace(p?.SshPublicKey))
            missing.Add(DeployMessages.Get("ProvisioningPasswordOrKey"));
        return missing.Count == 0 ? null : new PortalError(ErrorCodes.ProvisioningRequired,
            DeployMessages.Format("ProvisioningMissing", image.Name, string.Join(CoreMessages.Get("ListSeparator"), missing)), "provisioning");
    }
}
