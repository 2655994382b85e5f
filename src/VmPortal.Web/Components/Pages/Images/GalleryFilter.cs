using VmPortal.Core.Images;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>
/// The gallery's filters and view as the URL spells them (<c>/images?kind=VMImage&amp;os=Windows&amp;view=list</c>),
/// so a filtered view can be shared; empty values are left out of the URL. <see cref="Tag"/> is the API's tag filter
/// (<c>tag=env</c> or <c>tag=env:prod</c>); <see cref="Deleted"/> shows the recycle bin instead of the gallery.
/// An image family is one entry, its latest version, unless <see cref="AllVersions"/> (<c>versions=all</c>) or the list is
/// narrowed by family, text or tag (a match in an older version must not hide).
/// </summary>
public sealed record GalleryFilter(
    string? Kind = null, string? Os = null, string? OsState = null, string? Location = null, string? Family = null, string? Search = null,
    string? View = null, string? Tag = null, bool Deleted = false, bool AllVersions = false)
{
    public bool IsList => string.Equals(View, "list", StringComparison.OrdinalIgnoreCase);

    public bool HasFilters => this with { View = null, AllVersions = false } != new GalleryFilter();

    /// <summary>Whether families show as one entry each (their latest version).</summary>
    public bool GroupsFamilies => !AllVersions && !Deleted && Blank(Family) is null && Blank(Search) is null && Blank(Tag) is null;

    public ImageListQuery ToQuery() =>
        new(Kind, Os, OsState, Location, Family, Search, Deleted, Blank(Tag) is { } tag ? [tag] : null, OnePerFamily: GroupsFamilies);

    public IReadOnlyDictionary<string, object?> ToQueryString() => new Dictionary<string, object?>
    {
        ["kind"] = Blank(Kind), ["os"] = Blank(Os), ["osState"] = Blank(OsState), ["location"] = Blank(Location),
        ["family"] = Blank(Family), ["search"] = Blank(Search), ["view"] = IsList ? "list" : null,
        ["tag"] = Blank(Tag), ["deleted"] = Deleted ? "true" : null, ["versions"] = AllVersions ? "all" : null,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
