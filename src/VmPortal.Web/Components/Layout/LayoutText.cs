namespace VmPortal.Web.Components.Layout;

/// <summary>Marker for LayoutText.resx: the words of the app bar, the navigation, the user menu and the notification centre.</summary>
public sealed class LayoutText;
