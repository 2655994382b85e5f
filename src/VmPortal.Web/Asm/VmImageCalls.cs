using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Web.Security;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §2.1–2.4: list, read, update and delete VM images — the gallery's VM images through <see cref="ImageQueries"/>
/// and <see cref="ImageService"/>.
/// </summary>
internal static class VmImageCalls
{
    public static void MapVmImageCalls(this RouteGroupBuilder asm)
    {
        var images = asm.MapGroup("/services/vmimages");
        images.MapGet("", ListAsync);
        images.MapGet("/{name}/details", DetailsAsync);
        images.MapPut("/{name}", UpdateAsync).AuditedAs(AuditActions.UpdateImage);
        images.MapDelete("/{name}", DeleteAsync).AuditedAs(AuditActions.PurgeImage);
    }

    /// <summary>Every VM image, page after page (the classic call has no paging).</summary>
    private static async Task<IResult> ListAsync(ImageQueries queries, CancellationToken ct)
    {
        var images = new List<ImageView>();
        while (true)
        {
            var page = await queries.ListAsync(new ImageListQuery(Kind: nameof(ImageKind.VMImage)), images.Count, PageRequest.MaxTake, ct);
            if (!page.Succeeded) return AsmError.From(page.Error);
            images.AddRange(page.Value.Items);
            if (page.Value.Items.Count == 0 || images.Count >= page.Value.Total) return AsmResults.Ok(VmImageXml.List(images));
        }
    }

    private static async Task<IResult> DetailsAsync(string name, ImageQueries queries, CancellationToken ct)
    {
        var image = await VmImageAsync(queries, name, ct);
        return image.Succeeded ? AsmResults.Ok(VmImageXml.Details(image.Value)) : AsmError.From(image.Error);
    }

    private static async Task<IResult> UpdateAsync(string name, HttpContext http, ImageQueries queries, ImageService images, CancellationToken ct)
    {
        var change = VmImageChange.Read(await AsmRequest.ReadAsync(http.Request, "VMImage"));
        var image = await VmImageAsync(queries, name, ct);
        if (!image.Succeeded) return AsmError.From(image.Error);
        var update = change.For(image.Value);
        if (!update.Succeeded) return AsmError.From(update.Error);
        var updated = await images.UpdateAsync(image.Value.Name, update.Value, http.Actor(), ct);
        return updated.Succeeded ? AsmResults.Ok() : AsmError.From(updated.Error);
    }

    /// <summary>
    /// The classic delete removes the image at once, freeing its name, as classic scripts expect: a purge, not the recycle bin
    /// (a protected image is still refused). <c>?comp=media</c> deletes its blobs too, except those another image or disk uses (R17).
    /// </summary>
    private static async Task<IResult> DeleteAsync(
        string name, string? comp, HttpContext http, ImageQueries queries, ImageService images, CancellationToken ct)
    {
        if (comp is not (null or "media"))
            return AsmError.BadRequest($"comp={comp} is not a way to delete a VM image; use comp=media to delete its blobs too, or leave it out.");
        var image = await VmImageAsync(queries, name, ct);
        if (!image.Succeeded) return AsmError.From(image.Error);
        var queued = await images.PurgeAsync(image.Value.Name, deleteVhds: comp == "media", http.Actor(), ct);
        return queued.Succeeded ? AsmResults.Accepted(queued.Value.Id) : AsmError.From(queued.Error);
    }

    /// <summary>The VM image of that name (any case); an OS image is not one here (ASM lists those at <c>/services/images</c>).</summary>
    private static async Task<PortalResult<ImageView>> VmImageAsync(ImageQueries queries, string name, CancellationToken ct)
    {
        var image = await queries.GetAsync(name, ct: ct);
        if (image.Succeeded && image.Value.Kind != ImageKind.VMImage)
            return PortalError.NotFound($"VM image '{name}' ('{image.Value.Name}' is an OS image, not a VM image)");
        return image;
    }
}
