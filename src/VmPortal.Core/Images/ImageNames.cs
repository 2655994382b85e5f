using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Core.Images;

/// <summary>R13: image names, and their uniqueness across OS images and VM images regardless of case.</summary>
public static partial class ImageNames
{
    public static PortalError? Validate(string? name, string field = "imageName")
    {
        if (string.IsNullOrEmpty(name))
            return new PortalError(ErrorCodes.InvalidName, "An image name is required.", field);
        if (name.Length is < 3 or > 80)
            return new PortalError(ErrorCodes.InvalidName, $"The image name '{name}' is {name.Length} characters; it must be 3 to 80 (R13).", field);
        if (!Allowed().IsMatch(name))
            return new PortalError(ErrorCodes.InvalidName,
                $"The image name '{name}' may hold only letters, digits, '.', '-' and '_', and must start with a letter or digit (R13).", field);
        return null;
    }

    public static async Task<PortalError?> CheckFreeAsync(PortalDbContext db, string name, CancellationToken ct, string field = "imageName")
    {
        var normalized = name.ToUpperInvariant();
        var taken = await db.Images.Where(i => i.NormalizedName == normalized).Select(i => i.Name).FirstOrDefaultAsync(ct);
        return taken is null ? null : Conflict(name, taken, field);
    }

    public static PortalError Conflict(string name, string taken, string field = "imageName") =>
        new(ErrorCodes.ImageNameConflict,
            taken == name
                ? $"An image named '{name}' already exists; pick another name."
                : $"The image name '{name}' is taken by '{taken}' (names are unique regardless of case); pick another name.", field);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex Allowed();
}
