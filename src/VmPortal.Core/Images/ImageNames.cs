using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Images;

/// <summary>R13: image names, and their uniqueness across OS images and VM images regardless of case.</summary>
public static class ImageNames
{
    /// <summary>R13, as every other name is checked (<see cref="NameRules.Image"/>).</summary>
    public static PortalError? Validate(string? name, string field = "imageName") => NameRules.Image(name, field);

    public static async Task<PortalError?> CheckFreeAsync(PortalDbContext db, string name, CancellationToken ct, string field = "imageName")
    {
        var normalized = name.ToUpperInvariant();
        var taken = await db.Images.Where(i => i.NormalizedName == normalized).Select(i => i.Name).FirstOrDefaultAsync(ct);
        return taken is null ? null : Conflict(name, taken, field);
    }

    public static PortalError Conflict(string name, string taken, string field = "imageName") =>
        new(ErrorCodes.ImageNameConflict,
            taken == name
                ? ImageMessages.Format("ImageNameExists", name)
                : ImageMessages.Format("ImageNameTaken", name, taken), field);
}
