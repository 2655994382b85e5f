namespace VmPortal.Core;

/// <summary>The sentences every feature shares (CoreMessages.resx, English and 简体中文): "… does not exist", list separators.</summary>
public sealed class CoreMessages : ResourceText<CoreMessages>;
