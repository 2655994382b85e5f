using VmPortal.Core.Operations;
using MudBlazor;
using VmPortal.Core;
using VmPortal.Core.Catalog;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

public enum VmAction { Start, Stop, StopDeallocate, Restart }

/// <summary>
/// Power actions as pages run them: one call to <see cref="VmService"/>, and its refusal (VmBusy, NotFound…)
/// shown in a snackbar with the service's own message. One place, so list and details say the same.
/// </summary>
public sealed class VmActions(VmService vms, ISnackbar snackbar)
{
    public Task<bool> RunAsync(VmAction action, string service, string name) =>
        ReportAsync($"{Verb(action)} {name}…", Queue(action, service, name));

    public Task<bool> DeleteAsync(string service, string name, bool deleteDisks) =>
        ReportAsync(deleteDisks ? $"Deleting {name} and its disks…" : $"Deleting {name}; its disks are kept…",
            vms.DeleteAsync(service, name, deleteDisks, requestedBy: null));

    /// <summary>
    /// Runs one action on many VMs. VMs it does not apply to (already running, busy…) are skipped and counted;
    /// each refusal gets its own snackbar, the queued ones one summary.
    /// </summary>
    public async Task RunManyAsync(VmAction action, IReadOnlyCollection<VmSummary> targets)
    {
        var queued = 0;
        foreach (var vm in targets.Where(v => CanRun(action, v)))
        {
            var result = await Queue(action, vm.ServiceName, vm.Name);
            if (result.Error is { } error) snackbar.Add($"{vm.Name}: {error.Message}", Severity.Error);
            else queued++;
        }
        var skipped = targets.Count(v => !CanRun(action, v));
        var summary = queued > 0 ? $"{Verb(action)} {Vms(queued)}…" : $"Nothing to do: {Verb(action).ToLowerInvariant()} does not apply";
        snackbar.Add(skipped > 0 ? $"{summary} ({Vms(skipped)} skipped: busy or already in that state)" : summary,
            queued > 0 ? Severity.Info : Severity.Warning);
    }

    private static string Vms(int count) => count == 1 ? "1 VM" : $"{count} VMs";

    /// <summary>Shows a refusal in a snackbar; true when the operation was queued.</summary>
    public async Task<bool> ReportAsync(string queuedMessage, Task<PortalResult<OperationView>> call)
    {
        var result = await call;
        if (result.Error is { } error)
        {
            snackbar.Add(error.Message, Severity.Error);
            return false;
        }
        snackbar.Add(queuedMessage, Severity.Info);
        return true;
    }

    public static bool CanRun(VmAction action, VmSummary vm) => !vm.Busy && action switch
    {
        VmAction.Start => vm.PowerState == PowerState.Stopped,
        VmAction.Stop or VmAction.Restart => VmStatusText.IsRunning(vm.PowerState),
        VmAction.StopDeallocate => vm.Status != VmStatus.StoppedDeallocated && vm.PowerState != PowerState.Stopping,
        _ => false,
    };

    private Task<PortalResult<OperationView>> Queue(VmAction action, string service, string name) => action switch
    {
        VmAction.Start => vms.StartAsync(service, name, requestedBy: null),
        VmAction.Stop => vms.StopAsync(service, name, deallocate: false, requestedBy: null),
        VmAction.StopDeallocate => vms.StopAsync(service, name, deallocate: true, requestedBy: null),
        _ => vms.RestartAsync(service, name, requestedBy: null),
    };

    private static string Verb(VmAction action) => action switch
    {
        VmAction.Start => "Starting",
        VmAction.Stop => "Stopping",
        VmAction.StopDeallocate => "Stopping and deallocating",
        _ => "Restarting",
    };
}
