using VmPortal.Core.Catalogue;
using VmPortal.Core.CloudServices;

namespace VmPortal.Core.Deploy;

/// <summary>
/// What a deploy would make, as the portal would make it now: the deploy form shows it before the final click, so a second
/// VM's SSH on public port 55001 (the first has 22) is seen before it exists, not discovered after.
/// </summary>
public sealed record DeployReview(
    string ImageName,
    string ServiceName,
    bool NewService,
    string Location,
    string InstanceSize,
    IReadOnlyList<ReviewedVm> Vms,
    string? AdminUserName,
    string? VirtualNetwork,
    string? Subnet,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The cloud service's DNS name: every VM's endpoints are reached through it.</summary>
    public string DnsName => CloudServiceDns.Name(ServiceName);
}

/// <summary>One VM of a reviewed deploy: its name, its guest's computer name when provisioned, and its endpoints.</summary>
public sealed record ReviewedVm(string Name, string? ComputerName, IReadOnlyList<Endpoint> Endpoints);
