namespace VmPortal.Core.VirtualMachines;

/// <summary>The operation kinds that act on a VM, as API clients see them in <c>kind</c>.</summary>
public static class OperationKinds
{
    public const string StartVm = "StartVM";
    public const string StopVm = "StopVM";
    public const string RestartVm = "RestartVM";
    public const string GeneralizeVm = "GeneralizeVM";
    public const string ResizeVm = "ResizeVM";
    public const string AttachDataDisk = "AttachDataDisk";
    public const string DetachDataDisk = "DetachDataDisk";
    public const string DeleteVm = "DeleteVM";
}
