namespace VmPortal.Core.Disks;

/// <summary>The sentences of disks (DiskMessages.resx, English and 简体中文): refusals, VHD checks, copies and deletes.</summary>
public sealed class DiskMessages : ResourceText<DiskMessages>;
