namespace VmPortal.Web.Localization;

/// <summary>Marker for MudStrings.resx: MudBlazor's keys (<c>MudDataGridPager_RowsPerPage</c>) with the portal's translations.</summary>
public sealed class MudStrings;
