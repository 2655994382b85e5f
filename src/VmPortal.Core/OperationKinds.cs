namespace VmPortal.Core;

/// <summary>
/// Every kind of long-running work, as API clients see it in an operation's <c>kind</c> (API.md). Handlers, the services
/// that queue them, the pages and the audit all name a kind from here.
/// </summary>
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
    public const string DeployVm = "DeployVM";
    public const string CaptureVmImage = "CaptureVmImage";
    /// <summary>Moves an image to the recycle bin.</summary>
    public const string DeleteImage = "DeleteImage";
    /// <summary>Removes an image for good (from the recycle bin or straight from the gallery), and its blobs when asked.</summary>
    public const string PurgeImage = "PurgeImage";
    /// <summary>Copies a user image's disks into other locations' storage accounts (its replicas there).</summary>
    public const string ReplicateImage = "ReplicateImage";
    /// <summary>Removes one replica of an image (never its own location), and its blobs when asked.</summary>
    public const string RemoveImageReplica = "RemoveImageReplica";
    public const string DeleteDisk = "DeleteDisk";
    public const string RepairStorage = "RepairStorage";
}

/// <summary>What an operation acts on, as its <c>target</c> reads: the resource's path under <c>/api</c>.</summary>
public static class OperationTargets
{
    public static string Vm(string serviceName, string vmName) => $"cloud-services/{serviceName}/vms/{vmName}";

    public static string Image(string imageName) => $"images/{imageName}";

    public static string Disk(string diskName) => $"disks/{diskName}";

    public static string Upload(Guid uploadId) => $"uploads/{uploadId}";

    public const string StorageHealth = "storage/health";
}
