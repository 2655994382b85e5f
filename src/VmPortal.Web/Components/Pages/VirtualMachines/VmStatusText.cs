using MudBlazor;
using VmPortal.Core;
using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>How a VM's status reads and looks everywhere in the portal, with the guest's readiness in words (R24).</summary>
public static class VmStatusText
{
    public static string Of(VmStatus status, OsType os) => DisplayNames.VmStatus(status, os);

    /// <summary>A status in a filter, where the OS is not known yet.</summary>
    public static string Filter(VmStatus status) => DisplayNames.VmStatus(status);

    public static Color ColorOf(VmStatus status) => status switch
    {
        VmStatus.ReadyRole => Color.Success,
        VmStatus.RoleStateUnknown or VmStatus.StartingVM or VmStatus.Provisioning => Color.Info,
        VmStatus.StoppingVM or VmStatus.DeletingVM => Color.Warning,
        VmStatus.ProvisioningFailed => Color.Error,
        _ => Color.Default,
    };

    public static bool IsRunning(PowerState power) => power is PowerState.Started or PowerState.Starting;
}
