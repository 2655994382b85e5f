using VmPortal.Core.Deploy;

namespace VmPortal.Web.Asm;

/// <summary>What a <c>&lt;Deployment&gt;</c> asks for: the deployment's name (the portal's is the service's) and the one VM.</summary>
internal sealed record AsmDeployment(string? Name, DeployRequest Request);

/// <summary>
/// ASM.md §2.7: a <c>&lt;Deployment&gt;</c> with one <c>PersistentVMRole</c> read into the portal's deploy request — the
/// role's name, image (a VM image, or an OS image through <c>OSVirtualHardDisk</c>), size and media location, the
/// Windows or Linux provisioning set, endpoints, subnet and virtual network. What ASM.md says to ignore is dropped
/// (<c>EnableAutomaticUpdates</c>, <c>ResetPasswordOnFirstLogon</c>, <c>TimeZone</c>, <c>ProvisionGuestAgent</c>,
/// labels); what the portal cannot do is refused before anything runs: another slot, more than one role, SSH keys named
/// by certificate fingerprint, custom data, domain join, and every element the portal has no counterpart for.
/// </summary>
internal static class DeploymentXml
{
    private const string Windows = "WindowsProvisioningConfiguration", Linux = "LinuxProvisioningConfiguration", Network = "NetworkConfiguration";

    public static AsmDeployment Read(AsmElement deployment)
    {
        var name = deployment.Value("Name");
        if (deployment.Value("DeploymentSlot") is { } slot && !slot.Equals("Production", StringComparison.OrdinalIgnoreCase))
            throw AsmElement.Refused($"{deployment.Path}/DeploymentSlot is '{slot}'; the portal's VMs have one deployment, in the Production slot.");
        deployment.Ignore("Label");
        var virtualNetwork = deployment.Value("VirtualNetworkName");
        var roles = deployment.Items("RoleList", "Role");
        if (roles.Count != 1)
            throw AsmElement.Refused($"{deployment.Path}/RoleList holds {roles.Count} roles; deploy exactly one VM per call.");
        var request = Role(roles[0], virtualNetwork);
        deployment.RefuseOthers();
        return new AsmDeployment(name, request);
    }

    private static DeployRequest Role(AsmElement role, string? virtualNetwork)
    {
        if (role.Value("RoleType") is { } type && type != "PersistentVMRole")
            throw AsmElement.Refused($"{role.Path}/RoleType is '{type}'; only PersistentVMRole (a VM) can be deployed.");
        var imageName = role.Value("VMImageName");
        var mediaLocation = role.Value("MediaLocation");
        if (role.Element("OSVirtualHardDisk") is { } osDisk)
        {
            if (imageName is not null)
                throw AsmElement.Refused($"{role.Path} names both VMImageName and OSVirtualHardDisk; deploy from one image.");
            imageName = osDisk.Value("SourceImageName");
            // The portal names the new disks' blobs itself (R7); a media link only says which storage account to use.
            mediaLocation ??= osDisk.Value("MediaLink");
            osDisk.Refuse("DiskName", "attaching an existing disk as the OS disk is not supported; deploy from an image.");
            osDisk.Refuse("RemoteSourceImageLink", "deploy from an image in the portal's gallery.");
            osDisk.Ignore("HostCaching", "DiskLabel", "OS", "IOType");
            osDisk.RefuseOthers();
        }
        var sets = role.Items("ConfigurationSets", "ConfigurationSet");
        var provisioning = sets.Where(s => s.Value("ConfigurationSetType") is Windows or Linux).ToList();
        var networks = sets.Where(s => s.Value("ConfigurationSetType") == Network).ToList();
        if (sets.FirstOrDefault(s => s.Value("ConfigurationSetType") is not (Windows or Linux or Network)) is { } unknown)
            throw AsmElement.Refused($"{unknown.Path}/ConfigurationSetType is '{unknown.Value("ConfigurationSetType")}'; " +
                $"use {Windows}, {Linux} or {Network}.");
        if (provisioning.Count > 1 || networks.Count > 1)
            throw AsmElement.Refused($"{role.Path}/ConfigurationSets holds more than one {(provisioning.Count > 1 ? "provisioning" : "network")} set.");

        var request = new DeployRequest(
            Name: role.Text("RoleName"), ImageName: imageName, InstanceSize: role.Text("RoleSize"), MediaLocation: mediaLocation,
            Provisioning: provisioning.Count == 1 ? Provisioning(provisioning[0]) : null,
            Network: NetworkOf(networks.SingleOrDefault(), virtualNetwork));
        role.Ignore("ProvisionGuestAgent", "Label");
        role.Refuse("DataVirtualHardDisks", "a VM deployed from an image gets the image's data disks; attach more afterwards.");
        role.RefuseOthers();
        return request;
    }

    private static ProvisioningData Provisioning(AsmElement set)
    {
        set.Refuse("CustomData", "custom data is not supported by the portal.");
        ProvisioningData data;
        if (set.Value("ConfigurationSetType") == Windows)
        {
            set.Refuse("DomainJoin", "joining a domain at provisioning is not supported by the portal.");
            set.Ignore("ResetPasswordOnFirstLogon", "EnableAutomaticUpdates", "TimeZone");
            data = new ProvisioningData(set.Text("ComputerName"), set.Text("AdminUsername"), set.Text("AdminPassword"));
        }
        else
        {
            set.Refuse("SSH", "ASM names SSH keys by a service certificate's fingerprint, which the portal does not hold; " +
                "give a UserPassword, or deploy through the portal's REST API with the public key's text.");
            set.Ignore("DisableSshPasswordAuthentication");
            data = new ProvisioningData(set.Text("HostName"), set.Text("UserName"), set.Text("UserPassword"));
        }
        set.RefuseOthers();
        return data;
    }

    private static NetworkConfiguration? NetworkOf(AsmElement? set, string? virtualNetwork)
    {
        if (set is null) return virtualNetwork is null ? null : new NetworkConfiguration(virtualNetwork);
        var endpoints = set.Items("InputEndpoints", "InputEndpoint").Select(e =>
        {
            var endpoint = new EndpointRequest(e.Text("Name"), e.Text("Protocol"), Port(e, "Port"), Port(e, "LocalPort"));
            e.RefuseOthers();
            return endpoint;
        }).ToList();
        var subnets = set.Items("SubnetNames", "SubnetName");
        if (subnets.Count > 1) throw AsmElement.Refused($"{set.Path}/SubnetNames names {subnets.Count} subnets; a portal VM is in one.");
        var subnet = subnets.Count == 1 && subnets[0].OwnText is { Length: > 0 } named ? named : null;
        set.RefuseOthers();
        return new NetworkConfiguration(virtualNetwork, subnet, endpoints.Count == 0 ? null : endpoints);
    }

    private static int Port(AsmElement endpoint, string name) =>
        endpoint.Int(name) ?? throw AsmElement.Refused($"{endpoint.Path}/{name} is required.");
}
