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
}
