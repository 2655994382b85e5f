using System.Xml.Linq;
using VmPortal.Core.VirtualMachines;
using static VmPortal.Web.Asm.AsmXml;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §2.8: one VM as <c>&lt;PersistentVMRole&gt;</c> — its network configuration (endpoints, subnet), disks, source
/// image and size. No credentials ever, and no status: ASM reports that on the deployment's role instances.
/// </summary>
internal static class PersistentVmRoleXml
{
    public static XElement Element(VmDetails vm) => E("PersistentVMRole",
        E("RoleName", vm.Summary.Name),
        E("RoleType", "PersistentVMRole"),
        E("ConfigurationSets", E("ConfigurationSet",
            E("ConfigurationSetType", "NetworkConfiguration"),
            E("InputEndpoints", vm.Endpoints.Select(e => E("InputEndpoint",
                E("LocalPort", Int(e.LocalPort)), E("Name", e.Name), E("Port", Int(e.PublicPort)), E("Protocol", e.Protocol)))),
            vm.Subnet is { } subnet ? E("SubnetNames", E("SubnetName", subnet)) : null)),
        E("DataVirtualHardDisks", vm.DataDisks.Select(d => E("DataVirtualHardDisk",
            E("HostCaching", d.HostCaching.ToString()), Optional("DiskLabel", d.Label), E("DiskName", d.Name),
            E("Lun", Int(d.Lun ?? 0)), E("LogicalDiskSizeInGB", Int(d.LogicalSizeInGb)), E("MediaLink", d.MediaLink)))),
        E("OSVirtualHardDisk",
            E("HostCaching", vm.OsDisk.HostCaching.ToString()), Optional("DiskLabel", vm.OsDisk.Label), E("DiskName", vm.OsDisk.Name),
            E("MediaLink", vm.OsDisk.MediaLink), Optional("SourceImageName", vm.Summary.SourceImageName), E("OS", vm.Summary.Os.ToString())),
        E("RoleSize", vm.Summary.InstanceSize),
        E("ProvisionGuestAgent", Bool(true)));
}
