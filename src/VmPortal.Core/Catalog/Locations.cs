namespace VmPortal.Core.Catalog;

/// <summary>The regions VmPortal knows (SPEC §1).</summary>
public static class Locations
{
    public static readonly IReadOnlyList<string> All =
        ["West US", "East US", "North Europe", "West Europe", "East Asia", "Southeast Asia"];

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.OrdinalIgnoreCase);
}
