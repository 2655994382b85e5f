namespace VmPortal.Web.Components.Pages.Disks;

/// <summary>Marker for DiskText.resx: the words of the disk list and its delete dialog.</summary>
public sealed class DiskText;
