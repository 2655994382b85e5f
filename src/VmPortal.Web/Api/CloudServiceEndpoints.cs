using VmPortal.Core.CloudServices;
using VmPortal.Core.Security;

using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

internal static class CloudServiceEndpoints
{
    public static void MapCloudServiceEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/cloud-services").WithTags("Cloud services");
        group.MapList<CloudServiceService, CloudServiceView>("ListCloudServices",
            "Cloud services with how many VMs each holds", (s, skip, take, ct) => s.ListAsync(skip, take, ct));
        group.MapGetOne<CloudServiceService, CloudServiceView>("GetCloudService", "One cloud service", (s, name, ct) => s.GetAsync(name, ct));
        group.MapCreate<CloudServiceService, CreateCloudServiceRequest, CloudServiceView>(AuditActions.CreateCloudService,
            "Create a cloud service: a name of 3–63 lowercase letters, digits and hyphens, unique, in a known location",
            (s, request, actor, ct) => s.CreateAsync(request, actor, ct), c => c.Name);
        group.MapDelete("/{name}", async (string name, CloudServiceService services, HttpContext http, CancellationToken ct) =>
                ApiResults.NoContent(await services.DeleteAsync(name, http.Actor(), ct)))
            .WithName(AuditActions.DeleteCloudService).WithSummary("Delete a cloud service that holds no VM (409 NameConflict while it holds any)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
