namespace VmPortal.Core.Storage;

/// <summary>The sentences of storage accounts (StorageMessages.resx, English and 简体中文).</summary>
public sealed class StorageMessages : ResourceText<StorageMessages>;
