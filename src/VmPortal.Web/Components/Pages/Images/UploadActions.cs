using Microsoft.Extensions.Localization;
using MudBlazor;
using VmPortal.Core;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Core.Uploads;
using VmPortal.Web.Security;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>
/// What the "Upload VHD" dialog asks of the portal (R18): start or find an upload, complete it, register its blob. The
/// chunks themselves go from the browser (<c>vhd-upload.js</c>); each call here is one service call as the signed-in user.
/// </summary>
public sealed class UploadActions(
    UploadService uploads, ImageRegistration registration, ISnackbar snackbar, PortalUser user, IStringLocalizer<ImageText> L)
{
    public Task<PortalResult<UploadView>> StartAsync(string name, long sizeBytes, string location) =>
        user.RunAsync(PortalRoles.Operator, AuditActions.CreateUpload, $"uploads/{name}",
            by => uploads.CreateAsync(new CreateUploadRequest(name, sizeBytes, location), by));

    /// <summary>The upload a browser remembered for this file, if the portal still has it and it is for a file of this size.</summary>
    public async Task<UploadView?> FindAsync(string? id, long sizeBytes)
    {
        if (!Guid.TryParse(id, out var guid)) return null;
        var found = await uploads.GetAsync(guid);
        return found.Succeeded && found.Value.SizeBytes == sizeBytes ? found.Value : null;
    }

    public Task<PortalResult<UploadCompletion>> CompleteAsync(Guid id) =>
        user.RunAsync(PortalRoles.Operator, AuditActions.CompleteUpload, OperationTargets.Upload(id), by => uploads.CompleteAsync(id, by));

    public async Task<PortalResult<ImageView>> RegisterOsImageAsync(RegisterOsImageRequest request)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.RegisterOsImage, OperationTargets.Image(request.Name ?? ""),
            by => registration.RegisterOsImageAsync(request, by));
        if (result.Succeeded) snackbar.Add(L["RegisteredOsImage", result.Value.Name], Severity.Success);
        return result;
    }

    public async Task<PortalResult<ImageView>> RegisterVmImageAsync(RegisterVmImageRequest request)
    {
        var result = await user.RunAsync(PortalRoles.Operator, AuditActions.RegisterVmImage, OperationTargets.Image(request.Name ?? ""),
            by => registration.RegisterVmImageAsync(request, by));
        if (result.Succeeded) snackbar.Add(L["RegisteredVmImage", result.Value.Name], Severity.Success);
        return result;
    }
}
