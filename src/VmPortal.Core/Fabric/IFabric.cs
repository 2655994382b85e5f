using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric;

/// <summary>
/// The hypervisor: powers guests on and off and acts inside them. The simulated one keeps guest state in
/// the disks (R5), so a real hypervisor could take its place behind this interface.
/// </summary>
public interface IFabric
{
    /// <summary>
    /// Boots the guest: provisions a generalized guest on its first boot (R21: new machine id, computer
    /// name, admin user), then starts it. Reports each phase as it is reached; returns the guest record.
    /// </summary>
    Task<GuestRecord> PowerOnAsync(FabricVm vm, ProvisioningRequest? provisioning, Func<BootPhase, Task> onPhase, CancellationToken cancellationToken);

    /// <summary>A clean shutdown: the guest clears its running flag. Deallocating also releases the host.</summary>
    Task PowerOffAsync(FabricVm vm, bool deallocate, CancellationToken cancellationToken);

    /// <summary>Sysprep / <c>waagent -deprovision</c>: marks the guest generalized, clears its identity, shuts it down.</summary>
    Task GeneralizeAsync(FabricVm vm, CancellationToken cancellationToken);

    /// <summary>
    /// What the guest is now — running or not, generalized or not — whatever the catalogue last recorded: after a crash the
    /// catalogue may lag behind the guest, never the other way round.
    /// </summary>
    Task<GuestRecord> InspectAsync(FabricVm vm, CancellationToken cancellationToken);

    /// <summary>
    /// R11: holds every guest write to the VM's disks until the returned handle is disposed, so snapshots
    /// taken meanwhile are consistent across disks.
    /// </summary>
    Task<IAsyncDisposable> PauseGuestWritesAsync(int vmId, CancellationToken cancellationToken);

    /// <summary>
    /// Hot-plug: puts a data disk under the running guest, which sees a new disk at once. A guest that is not running has
    /// nothing to do: it finds its disks at its next boot. Called before the catalogue records the disk as attached.
    /// </summary>
    Task AttachDiskAsync(FabricVm vm, FabricDataDisk disk, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the data disk at <paramref name="lun"/> from the running guest, and returns only once the guest has let go of it:
    /// no write of the guest lands on it after. Called before the catalogue records the disk as detached; a guest that does
    /// not let go fails the detach, and the disk stays attached.
    /// </summary>
    Task DetachDiskAsync(FabricVm vm, int lun, CancellationToken cancellationToken);
}
