namespace VmPortal.Core.Fabric;

/// <summary>The sentences of the simulated fabric (FabricMessages.resx, English and 简体中文): why a guest cannot boot.</summary>
public sealed class FabricMessages : ResourceText<FabricMessages>;
