namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>Marker for VmText.resx: the words of the VM pages — the list, its toolbar, a VM's page with its cards, dialogs and actions.</summary>
public sealed class VmText;
