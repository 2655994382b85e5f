using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Components.Shared;

/// <summary>
/// A location as a page shows it: in the words of the page's language (<see cref="Locations.Named(string?)"/>). Only what is
/// shown changes: a select's value, a link's query and what a form submits keep the catalogue's English name.
/// </summary>
public static class LocationText
{
    /// <summary>The location in words; one the catalogue does not know is shown as it is.</summary>
    public static string Name(string? location) => Locations.Named(location);

    /// <summary>For a select's <c>ToStringFunc</c>: the chosen value in words.</summary>
    public static readonly Func<string?, string> Shown = Name;
}
