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
    /// <summary>An unreadable body, or one with a JSON member twice.</summary>
    public const string InvalidRequest = nameof(InvalidRequest);
    /// <summary>An image version that is not <c>MAJOR.MINOR.PATCH</c>.</summary>
    public const string InvalidVersion = nameof(InvalidVersion);
    /// <summary>A tag key or value out of bounds, with control characters, or more than 50 tags.</summary>
    public const string InvalidTag = nameof(InvalidTag);
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
    /// <summary>The action needs a disk whose blob is gone from its storage account (deleted by hand).</summary>
    public const string DiskBlobMissing = nameof(DiskBlobMissing);
    public const string ImageProtected = nameof(ImageProtected);
    public const string ImageObsolete = nameof(ImageObsolete);
    /// <summary>The image is in the recycle bin.</summary>
    public const string ImageDeleted = nameof(ImageDeleted);
    public const string VersionConflict = nameof(VersionConflict);
    public const string BlobInUse = nameof(BlobInUse);
    public const string ReplicaExists = nameof(ReplicaExists);
    // 429
    public const string TooManyRequests = nameof(TooManyRequests);
    // Operations only: a failure the portal did not foresee.
    public const string InternalError = nameof(InternalError);
    public const string ProvisioningFailed = nameof(ProvisioningFailed);
    /// <summary>Storage kept failing after retries.</summary>
    public const string StorageFailed = nameof(StorageFailed);
    /// <summary>The operation broke its worker <c>Operations:MaxAttempts</c> times.</summary>
    public const string OperationAbandoned = nameof(OperationAbandoned);
}
