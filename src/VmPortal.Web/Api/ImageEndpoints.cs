using VmPortal.Core;
using VmPortal.Core.Images;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;

using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

/// <summary>The image gallery (R14–R18): list, read, change, delete, and register images from blobs already in storage.</summary>
internal static class ImageEndpoints
{
    public static void MapImageEndpoints(this RouteGroupBuilder api)
    {
        var images = api.MapGroup("/images").WithTags("Images");
        images.MapGet("", async (string? kind, string? os, string? osState, string? location, string? family, string? search, bool? deleted,
                    string[]? tag, int? skip, int? take, string? continuationToken, ImageQueries queries, CancellationToken ct) =>
                ApiResults.Ok(await queries.ListAsync(new ImageListQuery(kind, os, osState, location, family, search, deleted ?? false, tag), skip, take,
                    continuationToken, ct)))
            .WithName("ListImages")
            .WithSummary("OS images first, then VM images, by name; filter by kind (OSImage/VMImage), os, osState, location, family and text. " +
                         "OS images carry no dataDiskConfigurations member; allocated sizes are null here (GET one image for them)")
            .WithDescription("One list of both kinds, paged with `take` and `continuationToken` (each page but the last returns the token for the next; `total` is counted with the first page) or `skip`: every OS image comes before every VM image, across pages. " +
                             "Only VM images have `dataDiskConfigurations` (possibly empty); an OS image's JSON lacks the member, so scripts " +
                             "tell the kinds apart by whether it is there. An unknown filter value is 400 `ValidationFailed`. " +
                             "Images in the recycle bin are left out; `deleted=true` lists the recycle bin instead. `tag=key` or `tag=key:value` " +
                             "(repeatable: all must match; keys match exactly) filters by tags, 400 `InvalidTag` when malformed.")
            .Produces<Page<ImageView>>().ProducesProblem(StatusCodes.Status400BadRequest);

        images.MapGet("/{name}", async (string name, string? location, ImageQueries queries, CancellationToken ct) =>
                ApiResults.Ok(await queries.GetAsync(name, location, ct)))
            .WithName("GetImage")
            .WithSummary("One image (name in any case) with each disk's allocated bytes and the VMs deployed from it; " +
                         "location picks the replica of a public image shown as its OS disk")
            .WithDescription("The image with its disks (and the bytes their blobs really store), the VM it was captured from and the VMs " +
                             "deployed from it.")
            .Produces<ImageView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        images.MapPatch("/{name}", async (string name, ImageUpdate body, ImageService images, HttpContext http, CancellationToken ct) =>
                ApiResults.Ok(await images.UpdateAsync(name, body, http.Actor(), ct)))
            .WithName(AuditActions.UpdateImage)
            .WithSummary("Change label, description, language, imageFamily, recommendedVmSize, eulaUri/privacyUri/iconUri, showInGallery, " +
                         "disks' hostCaching (R16), protected, lifecycle and tags; name, os, osState and media links never change. Public images are read-only (403)")
            .WithDescription("Send only what changes; `\"\"` clears an optional text. The body may repeat what `GET` returned: `name`, `os`, " +
                             "`osState` and media links are accepted unchanged and refused (400 `ValidationFailed` naming the field) when different. " +
                             "A disk's host caching is set by its LUN. `tags` (at most 50; key 1–128 characters, value 0–256, no control characters: " +
                             "else 400 `InvalidTag`) and `lifecycle` are replaced whole: `{deprecateAt?, obsoleteAt?, replacement?}` " +
                             "(its `state` follows the dates by the clock; `replacement` must name an image, 404 otherwise). An image in the recycle bin " +
                             "is 409 `ImageDeleted`. Answers 200 with the image as it is now.")
            .Produces<ImageView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        images.MapDelete("/{name}", async (string name, bool? deleteVhds, bool? purge, ImageService images, HttpContext http, CancellationToken ct) =>
                ApiResults.Accepted(purge == true
                    ? await images.PurgeAsync(name, deleteVhds, http.Actor(), ct)
                    : await images.DeleteAsync(name, deleteVhds ?? false, http.Actor(), ct)))
            .WithName(AuditActions.DeleteImage)
            .WithSummary("Move a user image to the recycle bin (its blobs and name stay; restorable until purgeAt), or with purge=true remove it " +
                         "for good, with deleteVhds=true its blobs too, except those another image or disk uses (R17). 409 ImageProtected, " +
                         "ImageInUse while it is captured or deployed; public images cannot be deleted (403)")
            .WithDescription("Answers 202 with the operation: `DeleteImage` (to the recycle bin) or `PurgeImage`. An image in the bin is hidden from " +
                             "lists and refused for deploys (`ImageDeleted`); the portal purges it by itself at its `purgeAt` " +
                             "(`Portal:RecycleBinDays` after the delete), deleting its VHDs then when `deleteVhds=true` was asked at the delete. " +
                             "A purge without `deleteVhds` keeps the blobs as that delete asked. The VMs deployed from the image are not touched.")
            .Produces<OperationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        images.MapPost("/{name}/replicas", async (string name, ReplicateImageRequest body, ImageReplicas replicas, HttpContext http, CancellationToken ct) =>
                ApiResults.Accepted(await replicas.ReplicateAsync(name, body.Locations, http.Actor(), ct)))
            .WithName(AuditActions.ReplicateImage)
            .WithSummary("Copy a user image's disks server-side into each location's storage account (R7 names there), verified, " +
                         "all-or-nothing per location; a deploy there then uses that replica")
            .WithDescription("Answers 202 with the `ReplicateImage` operation; the image's `replicas` show each location's state and progress. " +
                             "A location that fails keeps no blob and shows `Failed` with why; the others are not affected. 409 `ReplicaExists` " +
                             "for a location that has one (the image's own location, a Ready or a Replicating replica; a public image has one " +
                             "everywhere), `ImageInUse` while it is captured, deleted or its replicas change; 400 for a location without a storage account.")
            .Produces<OperationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        images.MapDelete("/{name}/replicas/{location}", async (string name, string location, bool? deleteVhds, ImageReplicas replicas, HttpContext http,
                    CancellationToken ct) =>
                ApiResults.Accepted(await replicas.RemoveAsync(name, location, deleteVhds ?? false, http.Actor(), ct)))
            .WithName(AuditActions.RemoveImageReplica)
            .WithSummary("Remove one replica of an image, with deleteVhds=true its blobs too, except those another image or disk uses (R17); " +
                         "never the image's own location (400)")
            .WithDescription("Answers 202 with the `RemoveImageReplica` operation. A failed replica is removed the same way. 409 `ImageInUse` " +
                             "while the replica is being made or the image is in use (a deploy copying from it); public images cannot be changed (403).")
            .Produces<OperationView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        images.MapPost("/{name}/restore", async (string name, ImageService images, HttpContext http, CancellationToken ct) =>
                ApiResults.Ok(await images.RestoreAsync(name, http.Actor(), ct)))
            .WithName(AuditActions.RestoreImage)
            .WithSummary("Bring an image back from the recycle bin, as it was (an image not in the bin is answered as it is)")
            .WithDescription("Answers 200 with the image. 409 `ImageInUse` while a purge of it runs.")
            .Produces<ImageView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        images.MapPost("", async (RegisterVmImageRequest body, ImageRegistration registration, HttpContext http, CancellationToken ct) =>
                Created(await registration.RegisterVmImageAsync(body, http.Actor(), ct), http))
            .WithName(AuditActions.RegisterVmImage)
            .WithSummary("Register a VM image from fixed VHD blobs in one location: an OS disk whose guest record agrees with os and osState, and data disks at LUNs 0–63")
            .WithDescription("The blobs must be fixed VHDs (400 `InvalidVhd`) in the portal's storage accounts, all in one location (404 when a " +
                             "blob does not exist). The blobs become the image's own; nothing is copied. Answers 201 with the image.")
            .Produces<ImageView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        api.MapPost("/os-images", async (RegisterOsImageRequest body, ImageRegistration registration, HttpContext http, CancellationToken ct) =>
                Created(await registration.RegisterOsImageAsync(body, http.Actor(), ct), http))
            .WithTags("Images").WithName(AuditActions.RegisterOsImage)
            .WithSummary("Register an OS image from one generalized fixed VHD blob; it is then served at /api/images/{name}")
            .WithDescription("The blob must be a fixed VHD (400 `InvalidVhd`) in one of the portal's storage accounts, holding a generalized guest " +
                             "of the given `os`. Answers 201 with the image; its `Location` is under `/api/images`.")
            .Produces<ImageView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Both kinds of image live at <c>/api/images/{name}</c>, whichever route registered them.</summary>
    private static IResult Created(PortalResult<ImageView> result, HttpContext http) =>
        ApiResults.Created(result, image => $"{http.Request.PathBase}{PortalApi.Prefix}/images/{ApiResults.Segment(image.Name)}");
}
