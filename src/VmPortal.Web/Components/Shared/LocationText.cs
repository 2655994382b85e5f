namespace VmPortal.Web.Components.Shared;

/// <summary>
/// A location as a page shows it: in the words of the page's language ("West US" is 美国西部, as Azure China names it).
/// Only what is shown changes: a select's value, a link's query and what a form submits keep the catalogue's English name.
/// </summary>
public static class LocationText
{
    /// <summary>The location in words; one the catalogue does not know is shown as it is.</summary>
    public static string Name(string? location) => location switch
    {
        null => "",
        "West US" => SharedText.Get("LocationWestUs"),
        "East US" => SharedText.Get("LocationEastUs"),
        "North Europe" => SharedText.Get("LocationNorthEurope"),
        "West Europe" => SharedText.Get("LocationWestEurope"),
        "East Asia" => SharedText.Get("LocationEastAsia"),
        "Southeast Asia" => SharedText.Get("LocationSoutheastAsia"),
        _ => location,
    };

    /// <summary>For a select's <c>ToStringFunc</c>: the chosen value in words.</summary>
    public static readonly Func<string?, string> Shown = Name;
}
