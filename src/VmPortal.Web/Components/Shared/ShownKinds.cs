using VmPortal.Core;

namespace VmPortal.Web.Components.Shared;

/// <summary>Which operation kinds each kind of page reacts to: a page ignores work that cannot change what it shows.</summary>
public static class ShownKinds
{
    /// <summary>Everything that changes a VM: its status, size, disks, or whether it exists.</summary>
    public static readonly IReadOnlySet<string> Vms = new HashSet<string>
    {
        OperationKinds.StartVm, OperationKinds.StopVm, OperationKinds.RestartVm, OperationKinds.GeneralizeVm, OperationKinds.ResizeVm,
        OperationKinds.AttachDataDisk, OperationKinds.DetachDataDisk, OperationKinds.DeleteVm, OperationKinds.DeployVm,
        OperationKinds.CaptureVmImage,
    };

    /// <summary>Everything that adds, removes, attaches or detaches a disk.</summary>
    public static readonly IReadOnlySet<string> Disks = new HashSet<string>
    {
        OperationKinds.AttachDataDisk, OperationKinds.DetachDataDisk, OperationKinds.DeleteDisk, OperationKinds.DeleteVm,
        OperationKinds.DeployVm, OperationKinds.CaptureVmImage,
    };

    /// <summary>Everything that makes or removes an image's replicas in other locations.</summary>
    public static readonly IReadOnlySet<string> Replicas = new HashSet<string> { OperationKinds.ReplicateImage, OperationKinds.RemoveImageReplica };

    public static readonly IReadOnlySet<string> StorageRepair = new HashSet<string> { OperationKinds.RepairStorage };
}
