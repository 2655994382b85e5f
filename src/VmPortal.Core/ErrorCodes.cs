namespace VmPortal.Core;

/// <summary>The stable error codes of API.md: every refusal names one, and clients may rely on them.</summary>
public static class ErrorCodes
{
    // 400
    public const string InvalidName = nameof(InvalidName);
    public const string WeakPassword = nameof(WeakPassword);
    public const string InvalidSshKey = nameof(InvalidSshKey);
    public const string ProvisioningRequired = nameof(ProvisioningRequired);
    public const string ProvisioningNotAllowedForSpecializedImage = nameof(ProvisioningNotAllowedForSpecializedImage);
    public const string LocationMismatch = nameof(LocationMismatch);
    public const string InstanceSizeTooSmall = nameof(InstanceSizeTooSmall);
    public const string InvalidVhd = nameof(InvalidVhd);
    public const string InvalidLun = nameof(InvalidLun);
    public const string InvalidHostCaching = nameof(InvalidHostCaching);
    public const string InvalidSize = nameof(InvalidSize);
    public const string ValidationFailed = nameof(ValidationFailed);
    // 401 / 403
    public const string Unauthenticated = nameof(Unauthenticated);
    public const string Forbidden = nameof(Forbidden);
    // 404
    public const string NotFound = nameof(NotFound);
    // 409
    public const string ImageNameConflict = nameof(ImageNameConflict);
    public const string NameConflict = nameof(NameConflict);
    public const string VmNotStopped = nameof(VmNotStopped);
    public const string VmNotGeneralized = nameof(VmNotGeneralized);
    public const string VmBusy = nameof(VmBusy);
    public const string ImageInUse = nameof(ImageInUse);
    public const string DiskInUse = nameof(DiskInUse);
    public const string LunInUse = nameof(LunInUse);
    public const string SpecializedCloneAcknowledgementRequired = nameof(SpecializedCloneAcknowledgementRequired);
    // 429
    public const string TooManyRequests = nameof(TooManyRequests);
    // Operations only: a failure the portal did not foresee.
    public const string InternalError = nameof(InternalError);
    public const string ProvisioningFailed = nameof(ProvisioningFailed);
}
