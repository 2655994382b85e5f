namespace VmPortal.Core.CloudServices;

/// <summary>The sentences of cloud services (CloudServiceMessages.resx, English and 简体中文): what creating or deleting one is refused for.</summary>
public sealed class CloudServiceMessages : ResourceText<CloudServiceMessages>;
