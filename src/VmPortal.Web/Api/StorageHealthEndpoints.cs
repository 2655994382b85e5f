using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.StorageHealth;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

internal static class StorageHealthEndpoints
{
    public static void MapStorageHealthEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/storage/health").WithTags("Storage health").Needs(PortalRoles.Admin);
        group.MapGet("", async (StorageHealthCheck check, CancellationToken ct) => TypedResults.Ok(await check.CheckAsync(ct)))
            .WithName("GetStorageHealth")
            .WithSummary("Compare storage with the catalogue now: orphan and missing blobs, invalid VHDs, leftover snapshots, stranded resources, stuck operations")
            .Produces<StorageHealthReport>();
        group.MapPost("/repair", async (StorageRepairRequest request, StorageRepair repair, HttpContext http, CancellationToken ct) =>
                ApiResults.Accepted(await repair.RepairAsync(request, http.Actor(), ct)))
            .WithName(AuditActions.RepairStorage)
            .WithSummary("Delete chosen orphan blobs and leftover snapshots (ids from GET /api/storage/health); refuses a blob something uses by then (BlobInUse)")
            .Produces<OperationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
