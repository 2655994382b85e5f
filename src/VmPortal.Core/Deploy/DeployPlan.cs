using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Deploy;

/// <summary>What the deploy operation carries: no password in plain text — only its Data Protection ciphertext.</summary>
public sealed record DeployPayload(
    string ImageName,
    string ServiceName,
    bool CreatedService,
    IReadOnlyList<DeployedVm> Vms,
    string? MediaAccount,
    bool WaitForBoot,
    string? AdminUserName,
    string? ProtectedPassword,
    string? SshPublicKey);

public sealed record DeployedVm(int Id, string Name, string? ComputerName);

/// <summary>The image disks a deploy copies, from the replica in the cloud service's location.</summary>
public sealed record ImageDiskPlan(int? Lun, string MediaLink, HostCaching HostCaching, int LogicalSizeInGb);
