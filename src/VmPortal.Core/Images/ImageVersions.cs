using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Images;

/// <summary>A version is unique within its family (the family in any case): the check before a write, and its refusal.</summary>
internal static class ImageVersions
{
    /// <summary>A version as a request gives it: null or <c>""</c> (blanks) for none, else <c>MAJOR.MINOR.PATCH</c> (400 <c>InvalidVersion</c>).</summary>
    public static PortalError? Check(string? version, string field = "version") =>
        string.IsNullOrWhiteSpace(version) ? null : ImageVersion.Parse(version, field).Error;

    /// <summary>
    /// 409 <c>VersionConflict</c> naming the image that holds <paramref name="version"/> of <paramref name="family"/> (one in the
    /// recycle bin too: it may come back), other than the image <paramref name="exceptImageId"/>; null when it is free or either is unset.
    /// </summary>
    public static async Task<PortalError?> CheckFreeAsync(
        PortalDbContext db, string? family, string? version, int? exceptImageId, CancellationToken ct, string field = "version")
    {
        if (family is null || version is null) return null;
        var normalized = family.ToUpperInvariant();
        var holder = await db.Images.AsNoTracking()
            .Where(i => i.NormalizedFamily == normalized && i.Version == version && i.Id != exceptImageId)
            .Select(i => new { i.Name, i.DeletedTime }).FirstOrDefaultAsync(ct);
        return holder is null ? null : Conflict(family, version, holder.Name, holder.DeletedTime is not null, field);
    }

    public static PortalError Conflict(string family, string version, string holder, bool inRecycleBin, string field = "version") =>
        new(ErrorCodes.VersionConflict, inRecycleBin
            ? ImageMessages.Format("VersionTakenInRecycleBin", version, family, holder)
            : ImageMessages.Format("VersionTaken", version, family, holder), field);
}
