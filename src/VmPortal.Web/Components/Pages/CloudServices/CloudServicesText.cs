namespace VmPortal.Web.Components.Pages.CloudServices;

/// <summary>Marker for CloudServicesText.resx: the words of the cloud service list.</summary>
public sealed class CloudServicesText;
