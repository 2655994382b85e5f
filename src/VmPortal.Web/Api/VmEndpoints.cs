using VmPortal.Core;
using VmPortal.Core.Capture;
using VmPortal.Core.Deploy;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.VirtualMachines;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

/// <summary>One VM: read it, power it, resize it, change its data disks, capture it, delete it (R29, R6).</summary>
internal static class VmEndpoints
{
    public static void MapVmEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/vms", async (string? search, string? service, VmPortal.Core.Catalogue.VmStatus? status, string[]? tag, int? skip, int? take, string? continuationToken,
                VmQueries queries, CancellationToken ct) =>
            {
                var page = PageRequest.Create(skip, take);
                if (!page.Succeeded) return ApiProblems.For(page.Error);
                var after = Continuation.Parse(continuationToken, skip, keys: 2);
                if (!after.Succeeded) return ApiProblems.For(after.Error);
                if (service is not null && VmPortal.Core.Catalogue.NameRules.CloudServiceKey(service, "service").Error is { } badService)
                    return ApiProblems.For(badService);
                var tags = VmPortal.Core.Catalogue.TagRules.ParseFilters(tag);
                if (!tags.Succeeded) return ApiProblems.For(tags.Error);
                var list = await queries.ListDetailsAsync(new VmListQuery(search, service, status, page.Value.Skip, page.Value.Take, After: after.Value, Tags: tags.Value), ct);
                return TypedResults.Ok(new Page<VmResource>(list.Items.Select(VmResource.From).ToList(), list.Total, list.ContinuationToken));
            })
            .WithTags("Virtual machines").WithName("ListVms")
            .WithSummary("VMs with their disks from the catalogue (guest and allocated sizes come with one VM); filter by text, cloud service, status, tags")
            .WithDescription("By cloud service, then name, paged with `take` and `continuationToken` (each page but the last returns the token for the next; `total` is counted with the first page) or `skip`. `search` finds the VMs whose name or cloud service's name contains the text, in any case (a trigram index lookup from three characters; shorter text is scanned for). `total` is exact. " +
                             "`tag=key` or `tag=key:value` (repeatable: all must match; keys match exactly) filters by tags, 400 `InvalidTag` when malformed. " +
                             "Read one VM for its guest and the bytes its disks really store.")
            .Produces<Page<VmResource>>().ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapPost("/cloud-services/{service}/vms", async (string service, DeployRequest body, DeployService deploys, HttpContext http, CancellationToken ct) =>
                ApiResults.Accepted(await deploys.DeployAsync(service, body, http.Actor(), ct)))
            .WithTags("Virtual machines").WithName(AuditActions.DeployVm)
            .WithSummary("Deploy a VM (or count VMs) from an image; creates the cloud service when location is given and it does not exist")
            .WithDescription("A generalized image needs `provisioning` (computer name, admin user, password or SSH key; else 400 " +
                             "`ProvisioningRequired`); a specialized image refuses it (400 `ProvisioningNotAllowedForSpecializedImage`) and keeps " +
                             "the source's identity. The image must be in the cloud service's location (400 `LocationMismatch`) and fit the size " +
                             "(400 `InstanceSizeTooSmall`). The image's disks are copied to new blobs; if any step fails, nothing the deploy made " +
                             "remains. Answers 202 with the operation; with `waitForBoot` it ends once the guest is ready.")
            .Produces<OperationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        var vm = api.MapGroup("/cloud-services/{service}/vms/{vm}").WithTags("Virtual machines");

        vm.MapGet("", async (string service, string vm, VmQueries queries, CancellationToken ct) =>
                Map(await queries.GetAsync(service, vm, ct)))
            .WithName("GetVm").WithSummary("One VM with its disks (virtual and allocated size) and its guest as the OS disk records it")
            .WithDescription("`status` and `guestReady` say whether RDP / SSH answers yet; `guest` is read from the OS disk itself.")
            .Produces<VmResource>().ProducesProblem(StatusCodes.Status404NotFound);

        Power(vm.MapPost("/start", (string service, string vm, VmService vms, HttpContext http, CancellationToken ct) =>
            Accept(vms.StartAsync(service, vm, http.Actor(), ct))), AuditActions.StartVm, "Start (boot) a stopped VM",
            "Answers 202 with the operation; it ends when the VM runs (`ReadyRole` once its guest is ready). 409 `VmBusy` while another operation runs on it.");
        Power(vm.MapPost("/restart", (string service, string vm, VmService vms, HttpContext http, CancellationToken ct) =>
            Accept(vms.RestartAsync(service, vm, http.Actor(), ct))), AuditActions.RestartVm, "Restart: a clean shutdown, then a boot",
            "Answers 202 with the operation; it ends when the VM runs again. 409 `VmBusy` while another operation runs on the VM.");
        Power(vm.MapPost("/stop", (string service, string vm, StopVmBody? body, VmService vms, HttpContext http, CancellationToken ct) =>
            Accept(vms.StopAsync(service, vm, body?.Deallocate ?? false, http.Actor(), ct))), AuditActions.StopVm,
            "Stop: a clean shutdown; with deallocate=true the VM also releases its host (StoppedDeallocated)",
            "The body may be left out (stay allocated: StoppedVM). Answers 202 with the operation; it ends when the VM is stopped.");
        Power(vm.MapPost("/generalize", (string service, string vm, VmService vms, HttpContext http, CancellationToken ct) =>
            Accept(vms.GeneralizeAsync(service, vm, http.Actor(), ct))), AuditActions.GeneralizeVm,
            "Sysprep (Windows) / waagent -deprovision (Linux): the guest drops its identity and shuts down",
            "The step before a generalized capture. The VM must be running; it ends stopped and generalized, and should then be captured, not started.");
        Power(vm.MapPatch("", (string service, string vm, ResizeVmBody body, VmService vms, VmTagService tags, VmQueries queries, HttpContext http,
                CancellationToken ct) => body switch
            {
                { Tags: not null, InstanceSize: not null } => Task.FromResult(ApiProblems.For(PortalError.Validation("tags", ApiMessages.Get("TagsWithResize")))),
                { Tags: { } replaced } => SetTagsAsync(service, vm, replaced, tags, queries, http, ct),
                _ => Accept(vms.ResizeAsync(service, vm, body.InstanceSize ?? "", http.Actor(), ct)),
            }).Produces<VmResource>(), AuditActions.ResizeVm,
            "Resize (update role); a running VM restarts on its new size. Or, with tags alone, replace the VM's tags",
            "The new size must hold the VM's data disks (400 `InstanceSizeTooSmall`). Answers 202 with the operation. A body with `tags` " +
            "(and no `instanceSize`) replaces the VM's tags at once (at most 50; key 1–128 characters, value 0–256, no control characters: " +
            "else 400 `InvalidTag`) and answers 200 with the VM.");
        Power(vm.MapDelete("", (string service, string vm, bool? deleteDisks, VmService vms, HttpContext http, CancellationToken ct) =>
            Accept(vms.DeleteAsync(service, vm, deleteDisks ?? false, http.Actor(), ct))), AuditActions.DeleteVm,
            "Delete the VM; its disks stay as unattached disks unless deleteDisks=true",
            "With `deleteDisks=true` its disks and their blobs go too, except blobs an image uses. Answers 202 with the operation.");

        Power(vm.MapPost("/data-disks", (string service, string vm, AttachDataDiskBody body, VmService vms, HttpContext http, CancellationToken ct) =>
            body.Lun is not { } lun
                ? Task.FromResult(ApiProblems.For(PortalError.Validation("lun", ApiMessages.Get("LunRequired"))))
                : Accept(vms.AttachDataDiskAsync(service, vm, new AttachDataDiskRequest(lun, body.HostCaching, body.Label, body.SizeInGb, body.DiskName), http.Actor(), ct))),
            AuditActions.AttachDataDisk, "Attach a new empty disk (sizeInGb) or an unattached disk (diskName) at a free LUN",
            "Send `lun` and either `sizeInGb` (a new empty disk, 1–1023 GiB) or `diskName` (an unattached disk), not both. The LUN must be " +
            "free (409 `LunInUse`) and below the size's maximum data disks. Answers 202 with the operation.");
        Power(vm.MapDelete("/data-disks/{lun:int}", (string service, string vm, int lun, bool? deleteVhd, VmService vms, HttpContext http, CancellationToken ct) =>
            Accept(vms.DetachDataDiskAsync(service, vm, lun, deleteVhd ?? false, http.Actor(), ct))), AuditActions.DetachDataDisk,
            "Detach the data disk at a LUN; with deleteVhd=true delete it and its blob",
            "Without `deleteVhd` the disk stays as an unattached disk (see `GET /api/disks`) to attach elsewhere. Answers 202 with the operation.");

        Power(vm.MapPost("/capture", (string service, string vm, CaptureRequest body, CaptureService captures, HttpContext http, CancellationToken ct) =>
            Accept(captures.CaptureAsync(service, vm, body, http.Actor(), ct))), AuditActions.CaptureVmImage,
            "Capture the VM into a VM image (Generalized: stopped and generalized VM, deleted afterwards; Specialized: left as it is)",
            "Every disk is copied server-side into new blobs and verified; a failure leaves no image and no blob behind, and the VM as it was. " +
            "A generalized capture needs the VM stopped (409 `VmNotStopped`) and generalized (409 `VmNotGeneralized`); a specialized capture " +
            "of a running VM is crash-consistent (see the preview's warnings). Answers 202 with the operation; the image is `Capturing` until it ends.");
        vm.MapPost("/capture/preview", async (string service, string vm, CaptureRequest body, CaptureService captures, CancellationToken ct) =>
                ApiResults.Ok(await captures.PreviewAsync(service, vm, body, ct)))
            .Needs(PortalRoles.Reader).WithName(AuditActions.PreviewCapture)
            .WithSummary("What a capture would do now: exact blob names, consequences, warnings (R10) and blockers; changes nothing")
            .WithDescription("The same body as a capture. Every blocker is listed, not just the first; a Reader may ask.")
            .Produces<CapturePreview>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static void Power(RouteHandlerBuilder route, string name, string summary, string description) =>
        route.WithName(name).WithSummary(summary).WithDescription(description)
            .Produces<OperationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static async Task<IResult> Accept(Task<PortalResult<OperationView>> queued) => ApiResults.Accepted(await queued);

    private static async Task<IResult> SetTagsAsync(string service, string vm, IReadOnlyDictionary<string, string> replaced, VmTagService tags,
        VmQueries queries, HttpContext http, CancellationToken ct) =>
        await tags.SetAsync(service, vm, replaced, http.Actor(), ct) is { } refused ? ApiProblems.For(refused) : Map(await queries.GetAsync(service, vm, ct));

    private static IResult Map(PortalResult<VmDetails> result) =>
        result.Succeeded ? TypedResults.Ok(VmResource.From(result.Value)) : ApiProblems.For(result.Error);

}
