using VmPortal.Core.Images;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>
/// The gallery's filters and view as the URL spells them (<c>/images?kind=VMImage&amp;os=Windows&amp;view=list</c>),
/// so a filtered view can be shared; empty values are left out of the URL. <see cref="Tag"/> is the API's tag filter
/// (<c>tag=env</c> or <c>tag=env:prod</c>); <see cref="Deleted"/> shows the recycle bin instead of the gallery.
/// </summary>
public sealed record GalleryFilter(
    string? Kind = null, string? Os = null, string? OsState = null, string? Location = null, string? Family = null, string? Search = null,
    string? View = null, string? Tag = null, bool Deleted = false)
{
    public bool IsList => string.Equals(View, "list", StringComparison.OrdinalIgnoreCase);

    public bool HasFilters => this with { View = null } != new GalleryFilter();

    public ImageListQuery ToQuery() => new(Kind, Os, OsState, Location, Family, Search, Deleted, Blank(Tag) is { } tag ? [tag] : null);

    public IReadOnlyDictionary<string, object?> ToQueryString() => new Dictionary<string, object?>
    {
        ["kind"] = Blank(Kind), ["os"] = Blank(Os), ["osState"] = Blank(OsState), ["location"] = Blank(Location),
        ["family"] = Blank(Family), ["search"] = Blank(Search), ["view"] = IsList ? "list" : null,
        ["tag"] = Blank(Tag), ["deleted"] = Deleted ? "true" : null,
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
