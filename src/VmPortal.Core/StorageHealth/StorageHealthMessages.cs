namespace VmPortal.Core.StorageHealth;

/// <summary>The sentences of the storage health check and repair (StorageHealthMessages.resx, English and 简体中文).</summary>
public sealed class StorageHealthMessages : ResourceText<StorageHealthMessages>;
