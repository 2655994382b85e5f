namespace VmPortal.Web.Components.Pages;

/// <summary>Marker for PagesText.resx: the words of the not-found and error pages.</summary>
public sealed class PagesText;
