using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Images;

/// <summary>
/// The gallery's one card per image family: its head is the version a deploy of the family gets (<see cref="LatestVersion.Pick"/>),
/// or, when none qualifies (all held back, obsolete or still capturing), its newest version; the other versions are a click away.
/// <see cref="Sizes"/> counts each family's versions (images outside the recycle bin), by normalized family name.
/// </summary>
public sealed record FamilyHeads(IReadOnlySet<int> HeadIds, IReadOnlyDictionary<string, int> Sizes)
{
    /// <summary>Read from the family members' rows (a handful per family, found by the index on the normalized name).</summary>
    internal static async Task<FamilyHeads> ReadAsync(IQueryable<Image> images, string? location, DateTimeOffset now, CancellationToken ct)
    {
        var members = await images.AsNoTracking().Include(i => i.Disks)
            .Where(i => i.NormalizedFamily != null && i.DeletedTime == null).ToListAsync(ct);
        var families = members.GroupBy(i => i.NormalizedFamily!, StringComparer.Ordinal).ToList();
        return new FamilyHeads(
            families.Select(f => (LatestVersion.Pick(f, location, now) ?? LatestVersion.NewestFirst(f).First()).Id).ToHashSet(),
            families.ToDictionary(f => f.Key, f => f.Count(), StringComparer.Ordinal));
    }

    /// <summary>How many versions the image's family has; 1 for an image without a family.</summary>
    public int SizeOf(ImageView image) =>
        image.ImageFamily is { } family && Sizes.TryGetValue(family.ToUpperInvariant(), out var size) ? size : 1;
}
