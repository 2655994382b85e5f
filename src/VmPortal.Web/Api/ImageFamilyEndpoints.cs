using VmPortal.Core;
using VmPortal.Core.Images;

namespace VmPortal.Web.Api;

/// <summary>Image families: the versions of one image, and the latest of them that a deploy by family gets.</summary>
internal static class ImageFamilyEndpoints
{
    public static void MapImageFamilyEndpoints(this RouteGroupBuilder api)
    {
        var families = api.MapGroup("/image-families").WithTags("Images");
        families.MapGet("", async (int? skip, int? take, ImageFamilies families, CancellationToken ct) =>
                ApiResults.Ok(await families.ListAsync(skip, take, ct)))
            .WithName("ListImageFamilies")
            .WithSummary("Image families by name, each with its versions (ascending, as numbers: 1.10.0 after 1.9.0) and its latest image in any location")
            .WithDescription("A family is every image in the gallery (not the recycle bin) whose `imageFamily` is that name, in any case. `latest` is " +
                             "the newest `Ready` version (by `version`, then `createdTime`; an image without a version comes below every versioned one) " +
                             "that is not `excludeFromLatest` and not `Obsolete`, or null when none is. Paged with `skip` and `take`.")
            .Produces<Page<ImageFamilyView>>().ProducesProblem(StatusCodes.Status400BadRequest);

        families.MapGet("/{family}/latest", async (string family, string? location, ImageFamilies families, CancellationToken ct) =>
                ApiResults.Ok(await families.LatestAsync(family, location, ct)))
            .WithName("GetLatestImage")
            .WithSummary("The image a deploy of the family gets now: its newest Ready version that is not excludeFromLatest, not Obsolete, " +
                         "not in the recycle bin, in location (any location when absent)")
            .WithDescription("Ordered by `version` as numbers, then `createdTime`. A user image is in its own location, a public image in each of " +
                             "its `locations`. Answers the image as `GET /api/images/{name}` does; 404 `NotFound` when the family has none there " +
                             "(the detail names its latest elsewhere, if any). A deploy with `imageFamily` resolves the same way in the cloud service's location.")
            .Produces<ImageView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
