using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Images;

/// <summary>Finding an image by name and the refusals every image service shares.</summary>
internal static class ImageLookup
{
    /// <summary>The unfinished operation (capture, deploy, delete) naming the image in any case, other than <paramref name="exceptOperation"/>.</summary>
    public static Task<Operation?> InUseByAsync(PortalDbContext db, string imageName, Guid? exceptOperation, CancellationToken ct)
    {
        var normalized = imageName.ToUpperInvariant();
        return db.Operations.AsNoTracking()
            .Where(o => o.Status == OperationStatus.InProgress && o.NormalizedImageName == normalized && o.Id != exceptOperation)
            .OrderBy(o => o.CreatedTime).FirstOrDefaultAsync(ct);
    }

    public static PortalError InUse(string name, Operation operation) =>
        new(ErrorCodes.ImageInUse, ImageMessages.Format("ImageInUse", name, operation.Kind, operation.Id));

    /// <summary>The name a request looks an image up by, checked by R13 first: a malformed name is <c>InvalidName</c>, not a 404.</summary>
    public static PortalError? CheckName(string? name) => NameRules.Image(name, "name");

    public static Task<Image?> FindAsync(IQueryable<Image> images, string name, CancellationToken ct)
    {
        var normalized = name.ToUpperInvariant();
        return images.SingleOrDefaultAsync(i => i.NormalizedName == normalized, ct);
    }

    public static Task<bool> ExistsAsync(PortalDbContext db, string name, CancellationToken ct)
    {
        var normalized = name.ToUpperInvariant();
        return db.Images.AnyAsync(i => i.NormalizedName == normalized, ct);
    }

    /// <summary>The name as the image spells it, for a name given in any case.</summary>
    public static Task<string> CanonicalNameAsync(PortalDbContext db, string name, CancellationToken ct)
    {
        var normalized = name.ToUpperInvariant();
        return db.Images.Where(i => i.NormalizedName == normalized).Select(i => i.Name).SingleAsync(ct);
    }

    public static PortalError NotFound(string name) => PortalError.NotFound(ImageMessages.Format("ImageWhat", name));

    /// <summary>403 for a change to a public OS image; <paramref name="message"/> says which change (ImageMessages "PublicImageCannotBe…").</summary>
    public static PortalError PublicIsReadOnly(string message) => new(ErrorCodes.Forbidden, message);

    public static PortalError BeingCaptured(string name) =>
        new(ErrorCodes.ImageInUse, ImageMessages.Format("ImageBeingCaptured", name));

    /// <summary>The time as the catalogue stores it (whole milliseconds), so what a call answers equals what a later read shows.</summary>
    public static DateTimeOffset CatalogueNow(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }
}
