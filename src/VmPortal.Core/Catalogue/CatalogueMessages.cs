namespace VmPortal.Core.Catalogue;

/// <summary>The sentences of names and tags (CatalogueMessages.resx, English and 简体中文): what a name or tag must be, and why one is refused.</summary>
public sealed class CatalogueMessages : ResourceText<CatalogueMessages>;
