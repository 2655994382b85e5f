using Microsoft.Extensions.Localization;
using MudBlazor;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.VirtualMachines;
using VmPortal.Web.Security;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

public enum VmAction { Start, Stop, StopDeallocate, Restart }

/// <summary>
/// VM actions as pages run them: one call to <see cref="VmService"/>, and its refusal (VmBusy, NotFound…)
/// shown in a snackbar with the service's own message. One place, so list and details say the same. Every call goes
/// through <see cref="PortalUser"/>: an Operator's action, refused for a Reader even when a page forgot to hide it,
/// requested by the signed-in user's name, and audited.
/// </summary>
public sealed class VmActions(VmService vms, VmTagService tags, ISnackbar snackbar, PortalUser user, IStringLocalizer<VmText> text)
{
    public Task<bool> RunAsync(VmAction action, string service, string name) =>
        ReportAsync(Queued(action, name), Queue(action, service, name));

    public Task<bool> DeleteAsync(string service, string name, bool deleteDisks) =>
        ReportAsync(text[deleteDisks ? "DeletingWithDisks" : "DeletingKeepDisks", name].Value,
            AsOperator(AuditActions.DeleteVm, service, name, by => vms.DeleteAsync(service, name, deleteDisks, by)));

    /// <summary>Replaces the VM's tags (catalogue data: no operation); the refusal (InvalidTag…) goes back to the form.</summary>
    public async Task<PortalError?> SetTagsAsync(string service, string name, IReadOnlyDictionary<string, string> replaced)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.TagVm, OperationTargets.Vm(service, name),
            async by => await tags.SetAsync(service, name, replaced, by) is { } error ? (PortalResult<bool>)error : true);
        if (result.Succeeded) snackbar.Add(text["TagsSaved", name].Value, Severity.Success);
        return result.Error;
    }

    public Task<PortalResult<OperationView>> ResizeAsync(string service, string name, string instanceSize) =>
        AsOperator(AuditActions.ResizeVm, service, name, by => vms.ResizeAsync(service, name, instanceSize, by));

    public Task<PortalResult<OperationView>> AttachDataDiskAsync(string service, string name, AttachDataDiskRequest request) =>
        AsOperator(AuditActions.AttachDataDisk, service, name, by => vms.AttachDataDiskAsync(service, name, request, by));

    public Task<PortalResult<OperationView>> DetachDataDiskAsync(string service, string name, int lun, bool deleteVhd) =>
        AsOperator(AuditActions.DetachDataDisk, service, name, by => vms.DetachDataDiskAsync(service, name, lun, deleteVhd, by));

    /// <summary>
    /// Runs one action on many VMs. VMs it does not apply to (already running, busy…) are skipped and counted;
    /// each refusal gets its own snackbar, the queued ones one summary.
    /// </summary>
    public async Task RunManyAsync(VmAction action, IReadOnlyCollection<VmSummary> targets)
    {
        if (!await user.CanAsync(PortalRoles.Operator))
        {
            snackbar.Add(text["RoleMayNotAct"].Value, Severity.Error);
            return;
        }
        var queued = 0;
        foreach (var vm in targets.Where(v => CanRun(action, v)))
        {
            var result = await Queue(action, vm.ServiceName, vm.Name);
            if (result.Error is { } error) snackbar.Add($"{vm.Name}: {error.Message}", Severity.Error);
            else queued++;
        }
        var skipped = targets.Count(v => !CanRun(action, v));
        string summary = queued > 0 ? Queued(action, Vms(queued)) : NothingToDo(action);
        snackbar.Add(skipped > 0 ? text["BulkSkipped", summary, Vms(skipped)].Value : summary,
            queued > 0 ? Severity.Info : Severity.Warning);
    }

    private string Vms(int count) => count == 1 ? text["VmCountOne"] : text["VmCountMany", count];

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
        VmAction.Start => AsOperator(AuditActions.StartVm, service, name, by => vms.StartAsync(service, name, by)),
        VmAction.Stop => AsOperator(AuditActions.StopVm, service, name, by => vms.StopAsync(service, name, deallocate: false, by)),
        VmAction.StopDeallocate => AsOperator(AuditActions.StopVm, service, name, by => vms.StopAsync(service, name, deallocate: true, by)),
        _ => AsOperator(AuditActions.RestartVm, service, name, by => vms.RestartAsync(service, name, by)),
    };

    private Task<PortalResult<OperationView>> AsOperator(string action, string service, string name,
        Func<Actor, Task<PortalResult<OperationView>>> call) =>
        user.RunAsync(PortalRoles.Operator, action, OperationTargets.Vm(service, name), call);

    /// <summary>What the snackbar says once an action is queued for one VM (its name) or many (their count).</summary>
    private string Queued(VmAction action, string what) => text[action switch
    {
        VmAction.Start => "Starting",
        VmAction.Stop => "Stopping",
        VmAction.StopDeallocate => "StoppingDeallocating",
        _ => "Restarting",
    }, what];

    private string NothingToDo(VmAction action) => text[action switch
    {
        VmAction.Start => "NothingToStart",
        VmAction.Stop => "NothingToStop",
        VmAction.StopDeallocate => "NothingToStopDeallocate",
        _ => "NothingToRestart",
    }];
}
