using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Images;

/// <summary>API.md's image family: the versions of one image, with its latest (<see cref="LatestVersion"/>).</summary>
public sealed record ImageFamilyView(string Name, OsType Os, string? Latest, IReadOnlyList<string> Versions);

/// <summary>
/// Image families as they read: every family with its versions and latest, and the latest of one family in a location.
/// Families hold the gallery's images (not those in the recycle bin) whose <c>imageFamily</c> is set, in any case.
/// </summary>
public sealed class ImageFamilies(IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, TimeProvider time)
{
    /// <summary>
    /// Families by name (any case; spelled as their newest image spells it), each with its versions in ascending order and its
    /// latest in any location. <see cref="ImageFamilyView.Os"/> is the newest image's.
    /// </summary>
    public async Task<PortalResult<Page<ImageFamilyView>>> ListAsync(int? skip, int? take, CancellationToken ct = default)
    {
        var page = PageRequest.Create(skip, take);
        if (!page.Succeeded) return page.Error;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var images = await db.Images.AsNoTracking().Include(i => i.Disks)
            .Where(i => i.NormalizedFamily != null && i.DeletedTime == null).ToListAsync(ct);
        var now = time.GetUtcNow();
        var families = images.GroupBy(i => i.NormalizedFamily!).OrderBy(g => g.Key, StringComparer.Ordinal).Select(family =>
        {
            var newest = LatestVersion.NewestFirst(family).First();
            var versions = family.Select(i => ImageVersion.TryParse(i.Version, out var v) ? v : (ImageVersion?)null)
                .OfType<ImageVersion>().Order().Select(v => v.ToString()).ToList();
            return new ImageFamilyView(newest.ImageFamily!, newest.Os, LatestVersion.Pick(family, null, now)?.Name, versions);
        }).ToList();
        return new Page<ImageFamilyView>(families.Skip(page.Value.Skip).Take(page.Value.Take).ToList(), families.Count);
    }

    /// <summary>
    /// The version a new capture into <paramref name="family"/> would naturally take: the highest version any of its images holds
    /// (the recycle bin's too, since a version stays taken there) with its patch raised; 1.0.0 for a family without versions;
    /// null for a name that is no family name.
    /// </summary>
    public async Task<string?> NextVersionAsync(string? family, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(family) || CheckName(family.Trim()) is not null) return null;
        var normalized = family.Trim().ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var versions = await db.Images.AsNoTracking().Where(i => i.NormalizedFamily == normalized && i.Version != null)
            .Select(i => i.Version).ToListAsync(ct);
        var highest = versions.Select(v => ImageVersion.TryParse(v, out var parsed) ? parsed : (ImageVersion?)null).OfType<ImageVersion>()
            .DefaultIfEmpty(new ImageVersion(0, 0, 0)).Max();
        return highest == new ImageVersion(0, 0, 0) ? "1.0.0" : (highest with { Patch = highest.Patch + 1 }).ToString();
    }

    /// <summary>Each family's head and size, as the gallery's one card per family shows them.</summary>
    public async Task<FamilyHeads> HeadsAsync(string? location, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FamilyHeads.ReadAsync(db.Images, location, time.GetUtcNow(), ct);
    }

    /// <summary>
    /// The image a deploy of <paramref name="family"/> into <paramref name="location"/> (any when null) gets now, shown as one
    /// image is; 404 <c>NotFound</c> when the family has none there.
    /// </summary>
    public async Task<PortalResult<ImageView>> LatestAsync(string family, string? location, CancellationToken ct = default)
    {
        if (CheckName(family) is { } badFamily) return badFamily;
        string? where = null;
        if (location is not null)
        {
            var resolved = Locations.Resolve(location);
            if (!resolved.Succeeded) return resolved.Error;
            where = resolved.Value;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var found = await FindLatestAsync(db.Images.AsNoTracking(), family, where, now, ct);
        if (!found.Succeeded) return found.Error;
        return await ImageViewBuilder.DetailedAsync(db, store, found.Value, where, now, ct);
    }

    /// <summary>
    /// A family as a request names it: free text (public families have spaces), not blank, at most <see cref="ImageFields.MaxFamily"/>
    /// characters, without control or invisible characters (no family can hold them, and the refusal does not carry them).
    /// </summary>
    public static PortalError? CheckName(string? family, string field = "family") =>
        string.IsNullOrWhiteSpace(family) ? PortalError.Validation(field, ImageMessages.Format("FamilyRequired", field))
        : family.Any(NameRules.IsInvisible)
            ? PortalError.Validation(field, ImageMessages.Format("FamilyInvisibleCharacter", NameRules.Quote(family)))
            : ImageFields.Text(family, field, ImageFields.MaxFamily);

    /// <summary>A family an image is given: none (null, or blank to clear it) or one <see cref="CheckName"/> accepts.</summary>
    internal static PortalError? CheckOptional(string? family, string field = "imageFamily") =>
        string.IsNullOrWhiteSpace(family) ? null : CheckName(family, field);

    /// <summary>
    /// The family's latest in <paramref name="location"/> from <paramref name="images"/> (tracked or not, as the caller needs),
    /// with its disks; 404 naming where the family does have one, when it has one elsewhere.
    /// </summary>
    internal static async Task<PortalResult<Image>> FindLatestAsync(
        IQueryable<Image> images, string family, string? location, DateTimeOffset now, CancellationToken ct, string? field = null)
    {
        var normalized = family.Trim().ToUpperInvariant();
        var members = await images.Include(i => i.Disks).Include(i => i.Replicas).Where(i => i.NormalizedFamily == normalized && i.DeletedTime == null).ToListAsync(ct);
        if (LatestVersion.Pick(members, location, now) is { } latest) return latest;
        // A deploy (it names its field) of a family whose every version there has become obsolete is refused as the newest
        // of them would be, naming its replacement: a user who deployed this family yesterday learns what to use instead.
        if (field is not null && LatestVersion.Pick(members, location, DateTimeOffset.MinValue) is { } newest
            && ImageLifecycle.RefuseObsolete(newest, now, field) is { } obsolete)
        {
            return obsolete with
            {
                Message = location is null
                    ? ImageMessages.Format("FamilyNoVersionLeft", NameRules.Quote(family), obsolete.Message)
                    : ImageMessages.Format("FamilyNoVersionLeftIn", NameRules.Quote(family), Locations.Named(location), obsolete.Message),
            };
        }
        var elsewhere = location is null ? null : LatestVersion.Pick(members, null, now);
        var quoted = NameRules.Quote(family);
        var message = members.Count == 0 ? ImageMessages.Format("FamilyEmpty", quoted)
            : location is null ? ImageMessages.Format("FamilyNothingToDeploy", quoted)
            : elsewhere is null ? ImageMessages.Format("FamilyNothingToDeployIn", quoted, Locations.Named(location))
            : ImageMessages.Format("FamilyNothingToDeployInLatestElsewhere", quoted, Locations.Named(location), elsewhere.Name,
                Locations.Named(Where(elsewhere)));
        return new PortalError(ErrorCodes.NotFound, message, field);
    }

    private static IEnumerable<string> Where(Image image) => image.Disks.Where(d => d.IsOsDisk).Select(d => d.Location).Distinct();
}
