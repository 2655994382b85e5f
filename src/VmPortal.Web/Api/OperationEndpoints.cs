using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;

namespace VmPortal.Web.Api;

internal static class OperationEndpoints
{
    public static void MapOperationEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/operations").WithTags("Operations");
        group.MapGet("", async (int? skip, int? take, OperationStatus? status, OperationQueries operations, CancellationToken ct) =>
                ApiResults.Ok(await operations.ListAsync(skip, take, status, ct)))
            .WithName("ListOperations").WithSummary("Operations, newest first; optionally only InProgress, Succeeded or Failed ones")
            .WithDescription("Every capture, deploy, power action and delete, whoever asked for it, paged with `skip` and `take`.")
            .Produces<Page<OperationView>>().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id}", async (string id, OperationQueries operations, CancellationToken ct) =>
                ApiResults.Ok(await operations.GetAsync(id, ct)))
            .WithName("GetOperation").WithSummary("One operation: poll it until its status is Succeeded or Failed")
            .WithDescription("The `Location` of every 202 answer points here. `progress` goes from 0 to 100; a failed operation carries " +
                             "`error.code` (a refusal's code, or StorageFailed, ProvisioningFailed, OperationAbandoned, InternalError). " +
                             "A failed operation has left nothing half-done behind.")
            .Produces<OperationView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
