namespace VmPortal.Web.Components.Pages.Storage;

/// <summary>Marker for StorageText.resx: the words of the storage account list.</summary>
public sealed class StorageText;
