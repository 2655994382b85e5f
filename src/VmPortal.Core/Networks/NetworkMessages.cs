namespace VmPortal.Core.Networks;

/// <summary>The sentences of virtual networks (NetworkMessages.resx, English and 简体中文): address space and subnet refusals.</summary>
public sealed class NetworkMessages : ResourceText<NetworkMessages>;
