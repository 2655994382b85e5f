using Microsoft.Extensions.Localization;
using MudBlazor;
using VmPortal.Core;
using VmPortal.Core.Deploy;
using VmPortal.Core.Images;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Web.Components.Shared;
using VmPortal.Web.Security;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>
/// Everything the image and deploy pages change, in one place: metadata updates (R16), deletes (R17) and deploys
/// (R20–R27). Each is one service call; a success is announced in a snackbar, a refusal is handed back so the form
/// can show it beside its field (<see cref="PortalError.Field"/>). Snackbars speak the user's language (ImageText.resx).
/// </summary>
public sealed class ImageActions(
    ImageService images, ImageReplicas replicas, DeployService deploys, ISnackbar snackbar, PortalUser user, IStringLocalizer<ImageText> L)
{
    public async Task<PortalResult<ImageView>> UpdateAsync(string name, ImageUpdate update)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.UpdateImage, OperationTargets.Image(name), by => images.UpdateAsync(name, update, by));
        if (result.Succeeded) snackbar.Add(L["SavedChanges", name], Severity.Success);
        return result;
    }

    public async Task<PortalError?> DeleteAsync(string name, bool deleteVhds)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.DeleteImage, OperationTargets.Image(name), by => images.DeleteAsync(name, deleteVhds, by));
        if (result.Succeeded)
            snackbar.Add(deleteVhds ? L["DeletingWithVhds", name] : L["DeletingKeepVhds", name], Severity.Info);
        return result.Error;
    }

    /// <summary>Brings an image back from the recycle bin into the gallery.</summary>
    public async Task<PortalError?> RestoreAsync(string name)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.RestoreImage, OperationTargets.Image(name), by => images.RestoreAsync(name, by));
        if (result.Succeeded) snackbar.Add(L["Restored", name], Severity.Success);
        return result.Error;
    }

    /// <summary>R17: removes an image for good, now (from the recycle bin, or straight from the gallery).</summary>
    public async Task<PortalError?> PurgeAsync(string name, bool deleteVhds)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.PurgeImage, OperationTargets.Image(name), by => images.PurgeAsync(name, deleteVhds, by));
        if (result.Succeeded)
            snackbar.Add(deleteVhds ? L["PurgingWithVhds", name] : L["PurgingKeepVhds", name], Severity.Info);
        return result.Error;
    }

    /// <summary>Copies the image into other locations; the replicas card follows the operation.</summary>
    public async Task<PortalError?> ReplicateAsync(string name, IReadOnlyList<string> locations)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.ReplicateImage, OperationTargets.Image(name),
            by => replicas.ReplicateAsync(name, locations, by));
        if (result.Succeeded) snackbar.Add(L["Replicating", name, string.Join(L["ListSeparator"].Value, locations.Select(LocationText.Name))], Severity.Info);
        return result.Error;
    }

    /// <summary>Removes one replica (never the image's own location), its VHD blobs too when asked.</summary>
    public async Task<PortalError?> RemoveReplicaAsync(string name, string location, bool deleteVhds)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.RemoveImageReplica, OperationTargets.Image(name),
            by => replicas.RemoveAsync(name, location, deleteVhds, by));
        if (result.Succeeded)
            snackbar.Add(deleteVhds ? L["RemovingReplicaWithVhds", name, LocationText.Name(location)] : L["RemovingReplicaKeepVhds", name, LocationText.Name(location)], Severity.Info);
        return result.Error;
    }

    /// <summary>A deploy from the form: <paramref name="choice"/> says whether the user asked for a new cloud service.</summary>
    public Task<PortalResult<OperationView>> DeployAsync(string serviceName, DeployRequest request, CloudServiceChoice choice) =>
        user.RunAsync(PortalRoles.Operator, AuditActions.DeployVm, OperationTargets.Vm(serviceName, request.Name ?? ""),
            by => deploys.DeployAsync(serviceName, request, choice, by));
}
