using System.Globalization;
using System.Text;

namespace VmPortal.Core.Deploy;

/// <summary>
/// API.md <c>Deploy</c>: a VM (or, with <see cref="Count"/>, several) from an image into a cloud service. The image is named
/// (<see cref="ImageName"/>) or is its family's latest in the cloud service's location when the deploy is accepted
/// (<see cref="ImageFamily"/>); one of the two, never both.
/// </summary>
public sealed record DeployRequest(
    string? Name,
    string? ImageName,
    string? InstanceSize,
    string? Location = null,
    string? MediaLocation = null,
    bool WaitForBoot = false,
    ProvisioningData? Provisioning = null,
    NetworkConfiguration? Network = null,
    bool AcknowledgeSpecializedClone = false,
    int? Count = null,
    string? ImageFamily = null);

/// <summary>
/// R21: what a generalized guest is given on first boot. <see cref="ComputerName"/> is the host name on Linux.
/// The password never appears in <see cref="ToString"/>, so it cannot reach a log by accident.
/// </summary>
public sealed record ProvisioningData(string? ComputerName, string? AdminUserName, string? AdminPassword = null, string? SshPublicKey = null)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"ComputerName = {ComputerName}, AdminUserName = {AdminUserName}, AdminPassword = {(AdminPassword is null ? "null" : "***")}, SshPublicKey = {(SshPublicKey is null ? "null" : "…")}");
        return true;
    }
}

public sealed record NetworkConfiguration(string? VirtualNetwork = null, string? Subnet = null, IReadOnlyList<EndpointRequest>? Endpoints = null);

public sealed record EndpointRequest(string? Name, string? Protocol, int PublicPort, int LocalPort);
