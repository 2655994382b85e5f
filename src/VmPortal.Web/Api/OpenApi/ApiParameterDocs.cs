using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// What each path and query parameter means, with an example. A parameter means the same on every route, except
/// <c>{name}</c>, which names a different resource in each collection. Query filters that take an enum's names say so.
/// </summary>
internal static class ApiParameterDocs
{
    private sealed record Doc(string Description, JsonNode Example, Type? Enum = null);

    private const string ContinuationToken =
        "Where the page starts: the `continuationToken` the previous page returned, sent with the same filters and without `skip`. " +
        "Leave it out for the first page. A token is opaque and belongs to its list; an unknown one is 400 `ValidationFailed`.";

    private static readonly Dictionary<string, Doc> ByName = new()
    {
        ["service"] = new("The cloud service's name (3–63 lowercase letters, digits and hyphens).", "contoso-web"),
        ["vm"] = new("The VM's name within its cloud service.", "web01"),
        ["lun"] = new("The logical unit number (0–63) the data disk is attached at.", 1),
        ["id"] = new("The operation's id, as the 202 answer and its `Location` gave it.", ApiExamples.OperationId.ToString()),
        ["skip"] = new("How many items of the list to skip (0 or more; default 0). Not with `continuationToken`.", 0),
        ["take"] = new("How many items to return (0 to 1000; default 100). Page through longer lists with `continuationToken` where the list " +
                       "returns one, else with `skip`.", 100),
        [Continuation.Field] = new(ContinuationToken, ApiExamples.NextPage(typeof(VmResource))!),
        ["search"] = new("Text to find anywhere in names (any case): VMs by their own or their cloud service's name; images by name, label or description.", "web"),
        ["kind"] = new("Only OS images or only VM images.", nameof(ImageKind.VMImage), typeof(ImageKind)),
        ["os"] = new("Only images of this operating system.", nameof(OsType.Windows), typeof(OsType)),
        ["osState"] = new("Only generalized or only specialized images.", nameof(OsState.Specialized), typeof(OsState)),
        ["family"] = new("Only images of this image family (any case).", "Contoso-Web"),
        ["deleteDisks"] = new("Also delete the VM's disks and their blobs (default false: they stay as unattached disks).", false),
        ["deleteVhd"] = new("Also delete the disk's VHD blob, unless another disk or image uses it (default false).", false),
        ["deleteVhds"] = new("Also delete the image's VHD blobs, except those another image or disk uses (default false).", false),
        ["tag"] = new("Only those with this tag: `key`, or `key:value` for that value too (keys match exactly). Repeat it: all must match.",
            new JsonArray("env:prod", "team")),
        ["deleted"] = new("List the recycle bin (deleted images, restorable until their `purgeAt`) instead of the gallery (default false).", false),
        ["purge"] = new("Remove the image for good now, from the gallery or the recycle bin, instead of moving it to the recycle bin (default false).", false),
    };

    private static readonly Dictionary<string, Doc> ByRoute = new()
    {
        ["api/vms:service"] = new("Only the VMs of this cloud service.", "contoso-web"),
        ["api/vms:status"] = new("Only VMs with this status.", nameof(VmStatus.ReadyRole)),
        ["api/operations:status"] = new("Only operations with this status.", nameof(OperationStatus.InProgress)),
        ["api/images:location"] = new("Only images available in this location; public images show that location's replica as their OS disk.", "West US"),
        ["api/images/{name}:location"] = new("For a public image: which location's replica to show as its OS disk (default: the first).", "West US"),
        ["api/images/{name}:name"] = new("The image's name (any case).", "web-2026"),
        ["api/image-families/{family}/latest:family"] = new("The image family's name (any case).", "Contoso-Web"),
        ["api/image-families/{family}/latest:location"] =
            new("Only a version available in this location (a user image's own location, a public image's replicas); any location when left out.", "West US"),
        ["api/images/{name}/replicas:name"] = new("The name (any case) of the user image to replicate.", "web-2026"),
        ["api/images/{name}/replicas/{location}:name"] = new("The image's name (any case).", "web-2026"),
        ["api/images/{name}/replicas/{location}:location"] = new("The location of the replica to remove; never the image's own.", "North Europe"),
        ["api/images/{name}/replicas/{location}:deleteVhds"] = new("Also delete the replica's VHD blobs, except those another image or disk uses (default false).", false),
        ["api/images/{name}/restore:name"] = new("The name (any case) of the image in the recycle bin.", "web-2026"),
        ["api/cloud-services/{name}:name"] = new("The cloud service's name.", "contoso-web"),
        ["api/virtual-networks/{name}:name"] = new("The virtual network's name.", "contoso-net"),
        ["api/disks/{name}:name"] = new("The disk's name.", "web01-data-0"),
        ["api/uploads/{id}:id"] = new("The upload's id, as `POST /api/uploads` answered it.", ApiExamples.UploadId.ToString()),
        ["api/uploads/{id}/complete:id"] = new("The upload's id, as `POST /api/uploads` answered it.", ApiExamples.UploadId.ToString()),
        ["api/uploads:name"] = new("Only the upload of this name, exactly as it was given.", "ubuntu-base"),
        ["api/uploads/{id}:offset"] = new("Where in the VHD file the body's bytes start: a multiple of 512, from 0 to `sizeBytes` − the body's length.", 8_388_608),
        ["api/images:" + Continuation.Field] = new(ContinuationToken, ApiExamples.NextPage(typeof(ImageView))!),
        ["api/disks:" + Continuation.Field] = new(ContinuationToken, ApiExamples.NextPage(typeof(DiskView))!),
    };

    public static void Describe(OpenApiParameter parameter, string route, OpenApiDocument? document)
    {
        var name = parameter.Name ?? "";
        if (!ByRoute.TryGetValue($"{route.TrimEnd('/')}:{name}", out var doc) && !ByName.TryGetValue(name, out doc)) return;
        parameter.Description = doc.Description;
        parameter.Example = doc.Example.DeepClone();
        if (doc.Enum is not null) parameter.Schema = new OpenApiSchemaReference(doc.Enum.Name, document);
    }
}
