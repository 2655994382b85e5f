using VmPortal.Core;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;

using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

internal static class DiskEndpoints
{
    public static void MapDiskEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/disks").WithTags("Disks");
        group.MapGet("", async (int? skip, int? take, string? continuationToken, DiskService disks, CancellationToken ct) =>
                ApiResults.Ok(await disks.ListAsync(skip, take, continuationToken, ct)))
            .WithName("ListDisks").WithSummary("Disks, with the bytes their blobs really store and the VM each is attached to")
            .Produces<Page<DiskView>>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithDescription("OS and data disks of every VM, and unattached disks (`attachedTo` null) left by detaching or deleting VMs, by name, " +
                             "paged with `take` and `continuationToken` (each page but the last returns the token for the next; `total` is " +
                             "counted with the first page) or `skip`. " +
                             "`allocatedBytes` is read from storage for each disk of the page.");
        group.MapDelete("/{name}", async (string name, bool? deleteVhd, DiskService disks, HttpContext http, CancellationToken ct) =>
                ApiResults.Accepted(await disks.DeleteAsync(name, deleteVhd ?? false, http.Actor(), ct)))
            .WithName(AuditActions.DeleteDisk)
            .WithSummary("Delete an unattached disk; with deleteVhd=true its blob too, unless another disk or image uses it")
            .WithDescription("An attached disk is refused (409 `DiskInUse`): detach it from its VM first. Answers 202 with the operation to follow.")
            .Produces<OperationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
