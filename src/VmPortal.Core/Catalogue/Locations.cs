using System.Globalization;

namespace VmPortal.Core.Catalogue;

/// <summary>The regions VmPortal knows (SPEC §1).</summary>
public static class Locations
{
    public static readonly IReadOnlyList<string> All =
        ["West US", "East US", "North Europe", "West Europe", "East Asia", "Southeast Asia"];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A location a request names, spelled as the catalogue spells it ("west us" → "West US"); an unknown or
    /// missing one is <c>ValidationFailed</c> naming <paramref name="field"/> and listing the known ones.
    /// </summary>
    public static PortalResult<string> Resolve(string? name, string field = "location")
    {
        var known = name is null ? null : All.FirstOrDefault(l => l.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (known is not null) return known;
        // A hostile name is refused as one, and never quoted back as it came.
        if (NameRules.Invisible(name, field) is { } hostile) return hostile;
        var choices = string.Join(CoreMessages.Get("ListSeparator"), All);
        return PortalError.Validation(field, string.IsNullOrWhiteSpace(name)
            ? CatalogueMessages.Format("LocationMissing", choices)
            : CatalogueMessages.Format("LocationUnknown", name, choices));
    }

    /// <summary>
    /// The location in the words of the current UI culture ("West US" is 美国西部, as Azure China names it), for a sentence or
    /// a page. Only what people read changes: the catalogue, the API's fields and what a form submits keep the English name.
    /// One the catalogue does not know is said as it is.
    /// </summary>
    public static string Named(string? location) => location is null ? "" : Key(location) is { } key ? CatalogueMessages.Get(key) : location;

    /// <summary>Several locations in words, as a list in the current culture ("West US, North Europe"; 美国西部、北欧).</summary>
    public static string Named(IEnumerable<string> locations) => string.Join(CoreMessages.Get("ListSeparator"), locations.Select(Named));

    /// <summary>
    /// Every way a sentence may name <paramref name="location"/>: its English name and its name in each language the
    /// portal speaks. A step is written in its requester's language, and read by whoever opens it.
    /// </summary>
    public static IEnumerable<string> Spellings(string location) =>
        Key(location) is { } key
            ? new[] { location, CatalogueMessages.GetIn(CultureInfo.InvariantCulture, key), CatalogueMessages.GetIn(Chinese, key) }
                .OfType<string>().Distinct(StringComparer.Ordinal)
            : [location];

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    private static string? Key(string location) => location switch
    {
        "West US" => "LocationWestUs",
        "East US" => "LocationEastUs",
        "North Europe" => "LocationNorthEurope",
        "West Europe" => "LocationWestEurope",
        "East Asia" => "LocationEastAsia",
        "Southeast Asia" => "LocationSoutheastAsia",
        _ => null,
    };
}
