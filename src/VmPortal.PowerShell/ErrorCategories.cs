using System.Management.Automation;

namespace VmPortal.PowerShell;

/// <summary>
/// The PowerShell error category of each stable code of the portal (API.md "Errors"), so <c>-ErrorAction</c>,
/// <c>$Error[0].CategoryInfo</c> and <c>catch</c> blocks see what went wrong, not just that something did.
/// </summary>
internal static class ErrorCategories
{
    public static ErrorCategory Of(string code) => code switch
    {
        "NotFound" => ErrorCategory.ObjectNotFound,
        "ImageNameConflict" or "NameConflict" or "ReplicaExists" => ErrorCategory.ResourceExists,
        "VmNotStopped" or "VmNotGeneralized" or "VmBusy" or "ImageInUse" or "DiskInUse" or "LunInUse" or "BlobInUse"
            or "SpecializedCloneAcknowledgementRequired" or "ImageProtected" or "ImageObsolete" or "ImageDeleted"
            or "DiskBlobMissing" or "VersionConflict" or "NotConnected" => ErrorCategory.InvalidOperation,
        "Unauthenticated" => ErrorCategory.AuthenticationError,
        "Forbidden" => ErrorCategory.PermissionDenied,
        "TooManyRequests" => ErrorCategory.LimitsExceeded,
        "StorageFailed" => ErrorCategory.ResourceUnavailable,
        "OperationAbandoned" => ErrorCategory.OperationStopped,
        "ProvisioningFailed" or "InternalError" => ErrorCategory.InvalidResult,
        "PortalUnreachable" => ErrorCategory.ConnectionError,
        // Every 400 code: InvalidName, WeakPassword, ValidationFailed, LocationMismatch, … and the module's own OSMismatch.
        _ => ErrorCategory.InvalidArgument,
    };
}
