namespace VmPortal.Core.Images;

/// <summary>The sentences of images (ImageMessages.resx, English and 简体中文): refusals, steps and outcomes.</summary>
public sealed class ImageMessages : ResourceText<ImageMessages>;
