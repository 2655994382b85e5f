namespace VmPortal.Web.Components.Pages.Dashboard;

/// <summary>Marker for DashboardText.resx: the words of the dashboard and its cards.</summary>
public sealed class DashboardText;
