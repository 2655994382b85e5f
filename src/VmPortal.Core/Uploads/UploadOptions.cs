namespace VmPortal.Core.Uploads;

/// <summary><c>Portal:UploadExpiryHours</c>: how long an upload may sit untouched before the portal removes it and its blob.</summary>
public sealed class UploadOptions
{
    public double UploadExpiryHours { get; set; } = 24;

    public TimeSpan ExpireAfter => TimeSpan.FromHours(Math.Max(0, UploadExpiryHours));
}
