using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Core.Security;
using VmPortal.Web.Security;

namespace VmPortal.Web.Asm;

/// <summary>ASM.md §2.1–2.4: list, read, update and delete VM images — the gallery's VM images through <see cref="ImageCatalog"/>.</summary>
internal static class VmImageCalls
{
    public static void MapVmImageCalls(this RouteGroupBuilder asm)
    {
        var images = asm.MapGroup("/services/vmimages");
        images.MapGet("", ListAsync);
        images.MapGet("/{name}/details", DetailsAsync);
        images.MapPut("/{name}", UpdateAsync).AuditedAs(AuditActions.UpdateImage);
        images.MapDelete("/{name}", DeleteAsync).AuditedAs(AuditActions.DeleteImage);
    }

    /// <summary>Every VM image, page after page (the classic call has no paging).</summary>
    private static async Task<IResult> ListAsync(ImageCatalog catalog, CancellationToken ct)
    {
        var images = new List<ImageView>();
        while (true)
        {
            var page = await catalog.ListAsync(new ImageListQuery(Kind: nameof(ImageKind.VMImage)), images.Count, PageRequest.MaxTake, ct);
            if (page.Error is { } error) return AsmError.From(error);
            images.AddRange(page.Value!.Items);
            if (page.Value.Items.Count == 0 || images.Count >= page.Value.Total) return AsmResults.Ok(VmImageXml.List(images));
        }
    }

    private static async Task<IResult> DetailsAsync(string name, ImageCatalog catalog, CancellationToken ct)
    {
        var image = await VmImageAsync(catalog, name, ct);
        return image.Error is { } missing ? AsmError.From(missing) : AsmResults.Ok(VmImageXml.Details(image.Value!));
    }

    private static async Task<IResult> UpdateAsync(string name, HttpContext http, ImageCatalog catalog, CancellationToken ct)
    {
        var change = VmImageChange.Read(await AsmRequest.ReadAsync(http.Request, "VMImage"));
        var image = await VmImageAsync(catalog, name, ct);
        if (image.Error is { } missing) return AsmError.From(missing);
        var update = change.For(image.Value!);
        if (update.Error is { } invalid) return AsmError.From(invalid);
        var updated = await catalog.UpdateAsync(image.Value!.Name, update.Value!, ct);
        return updated.Error is { } refused ? AsmError.From(refused) : AsmResults.Ok();
    }

    /// <summary><c>?comp=media</c> deletes the image's blobs too, except those another image or disk uses (R17).</summary>
    private static async Task<IResult> DeleteAsync(string name, string? comp, HttpContext http, ImageCatalog catalog, CancellationToken ct)
    {
        if (comp is not (null or "media"))
            return AsmError.BadRequest($"comp={comp} is not a way to delete a VM image; use comp=media to delete its blobs too, or leave it out.");
        var image = await VmImageAsync(catalog, name, ct);
        if (image.Error is { } missing) return AsmError.From(missing);
        var queued = await catalog.DeleteAsync(image.Value!.Name, deleteVhds: comp == "media", http.User.Identity?.Name, ct);
        return queued.Error is { } refused ? AsmError.From(refused) : AsmResults.Accepted(queued.Value!.Id);
    }

    /// <summary>The VM image of that name (any case); an OS image is not one here (ASM lists those at <c>/services/images</c>).</summary>
    private static async Task<PortalResult<ImageView>> VmImageAsync(ImageCatalog catalog, string name, CancellationToken ct)
    {
        var image = await catalog.GetAsync(name, ct: ct);
        if (image.Value is { Kind: not ImageKind.VMImage } osImage)
            return PortalError.NotFound($"VM image '{name}' ('{osImage.Name}' is an OS image, not a VM image)");
        return image;
    }
}
