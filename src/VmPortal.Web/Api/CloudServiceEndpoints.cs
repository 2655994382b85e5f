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
            "Cloud services with how many VMs each holds", (s, skip, take, ct) => s.ListAsync(skip, take, ct))
            .WithDescription("By name, paged with `skip` and `take`.");
        group.MapGetOne<CloudServiceService, CloudServiceView>("GetCloudService", "One cloud service", (s, name, ct) => s.GetAsync(name, ct))
            .WithDescription("Its location, label, description and how many VMs it holds; `GET /api/vms?service={name}` lists them.");
        group.MapCreate<CloudServiceService, CreateCloudServiceRequest, CloudServiceView>(AuditActions.CreateCloudService,
            "Create a cloud service: a name of 3–63 lowercase letters, digits and hyphens, unique, in a known location",
            (s, request, actor, ct) => s.CreateAsync(request, actor, ct), c => c.Name)
            .WithDescription("The name is the service's DNS label, so it is lower case and unique (409 `NameConflict`). VMs deployed into it " +
                             "must come from images in its location. A deploy with `location` creates the service itself when it does not exist.");
        group.MapDelete("/{name}", async (string name, CloudServiceService services, HttpContext http, CancellationToken ct) =>
                ApiResults.NoContent(await services.DeleteAsync(name, http.Actor(), ct)))
            .WithName(AuditActions.DeleteCloudService).WithSummary("Delete a cloud service that holds no VM (409 NameConflict while it holds any)")
            .WithDescription("Delete or move its VMs first. The name is free again at once.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
