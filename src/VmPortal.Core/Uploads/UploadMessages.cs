namespace VmPortal.Core.Uploads;

/// <summary>The sentences of uploads (UploadMessages.resx, English and 简体中文): refusals of a VHD upload and its chunks.</summary>
public sealed class UploadMessages : ResourceText<UploadMessages>;
