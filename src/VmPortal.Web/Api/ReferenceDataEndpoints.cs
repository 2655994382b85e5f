using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Api;

public sealed record LocationView(string Name);

/// <summary>Fixed reference data: locations and instance sizes.</summary>
internal static class ReferenceDataEndpoints
{
    public static void MapReferenceDataEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Reference data");
        group.MapGet("/locations", () => TypedResults.Ok(Locations.All.Select(l => new LocationView(l)).ToList()))
            .WithName("ListLocations").WithSummary("The locations (regions) VmPortal knows")
            .WithDescription("Every `location` a request names is one of these (in any case). Images, cloud services and storage accounts each live in one.");
        group.MapGet("/instance-sizes", () => TypedResults.Ok(InstanceSizes.All))
            .WithName("ListInstanceSizes").WithSummary("VM sizes: cores, memory and the most data disks each may hold")
            .WithDescription("Every `instanceSize` and `recommendedVmSize` is one of these names. A deploy or resize is refused " +
                             "(`InstanceSizeTooSmall`) when the VM's data disks exceed the size's `maxDataDisks`.");
    }
}
