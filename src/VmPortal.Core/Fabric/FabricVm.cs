using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Fabric;

/// <summary>What the hypervisor knows of a VM: its identity, its disks and the size it runs at.</summary>
public sealed record FabricVm(int Id, string Name, OsType Os, Uri OsDisk, IReadOnlyList<FabricDataDisk> DataDisks, string? InstanceSize = null)
{
    public IEnumerable<Uri> AllDisks => DataDisks.Select(d => d.Blob).Prepend(OsDisk);

    public static FabricVm From(VirtualMachine vm)
    {
        var os = vm.Disks.Single(d => d.Lun is null);
        return new FabricVm(vm.Id, vm.Name, vm.Os, new Uri(os.MediaLink),
            vm.Disks.Where(d => d.Lun is not null).OrderBy(d => d.Lun).Select(d => new FabricDataDisk(d.Lun!.Value, new Uri(d.MediaLink))).ToList(),
            vm.InstanceSize);
    }
}

/// <summary>A data disk as the hypervisor attaches it: at its LUN, the guest's handle on it.</summary>
public sealed record FabricDataDisk(int Lun, Uri Blob);

/// <summary>
/// What a first boot of a generalized guest is given (R21). The password reaches the guest only; the
/// fabric never writes it anywhere.
/// </summary>
public sealed record ProvisioningRequest(string ComputerName, string AdminUserName, string? AdminPassword, string? SshPublicKey)
{
    public override string ToString() => $"ProvisioningRequest {{ ComputerName = {ComputerName}, AdminUserName = {AdminUserName} }}";
}

/// <summary>The stages a guest passes through while powering on; the caller mirrors them into the VM's status.</summary>
public enum BootPhase { Provisioning, Starting, Running }
