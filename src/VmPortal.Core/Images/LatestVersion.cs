using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Images;

/// <summary>
/// API.md's "latest" of an image family, decided in memory over the family's rows: versions compare as numbers
/// (<see cref="ImageVersion"/>), and the lifecycle state follows the clock (<see cref="ImageLifecycle.StateAt"/>) — each with one
/// definition in .NET on every database provider. A family is a handful of images, read by the index on its normalized name,
/// so no sort key is stored for SQL.
/// </summary>
public static class LatestVersion
{
    /// <summary>
    /// Newest first: by version (an image without one below every versioned image), then by creation time, then by id, so the
    /// order is total and the same on every read.
    /// </summary>
    public static IOrderedEnumerable<Image> NewestFirst(IEnumerable<Image> family) =>
        family.OrderByDescending(i => ImageVersion.TryParse(i.Version, out var v) ? v : (ImageVersion?)null, Comparer<ImageVersion?>.Default)
            .ThenByDescending(i => i.CreatedTime).ThenByDescending(i => i.Id);

    /// <summary>
    /// The newest image of the family that may be deployed as its latest in <paramref name="location"/> (any location when null):
    /// Ready, not held back (<c>excludeFromLatest</c>), not obsolete at <paramref name="now"/>, not in the recycle bin, and there.
    /// </summary>
    public static Image? Pick(IEnumerable<Image> family, string? location, DateTimeOffset now) =>
        NewestFirst(family).FirstOrDefault(i => i.State == ImageState.Ready && !i.ExcludeFromLatest && i.DeletedTime is null
            && ImageLifecycle.StateAt(i, now) != LifecycleState.Obsolete && (location is null || AvailableIn(i, location)));

    /// <summary>Wherever it has a Ready replica: an OS disk there (a user image's own location, a replica's, every one of a public image's).</summary>
    public static bool AvailableIn(Image image, string location) =>
        image.Disks.Any(d => d.IsOsDisk && d.Location.Equals(location, StringComparison.OrdinalIgnoreCase));
}
