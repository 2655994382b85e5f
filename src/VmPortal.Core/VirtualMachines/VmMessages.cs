namespace VmPortal.Core.VirtualMachines;

/// <summary>The sentences of VMs (VmMessages.resx, English and 简体中文): refusals, power and data disk steps, failures and outcomes.</summary>
public sealed class VmMessages : ResourceText<VmMessages>;
