using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Disks;

/// <summary>The catalogue's view of which blobs are in use: by a disk, an image, or an upload that has not expired. Media links are stored as <see cref="Uri.AbsoluteUri"/>.</summary>
public sealed class CatalogueBlobReferences(IDbContextFactory<PortalDbContext> dbFactory) : IBlobReferences
{
    public async Task<bool> IsReferencedAsync(Uri mediaLink, CancellationToken cancellationToken)
    {
        var link = mediaLink.AbsoluteUri;
        // Deleting a blob deletes its snapshots too, so a disk or image on one of its snapshots keeps it as well.
        var snapshotOf = link + "?";
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Disks.AnyAsync(d => d.MediaLink == link || d.MediaLink.StartsWith(snapshotOf), cancellationToken)
            || await db.Set<ImageDisk>().AnyAsync(d => d.MediaLink == link || d.MediaLink.StartsWith(snapshotOf), cancellationToken)
            || await db.Uploads.AnyAsync(u => u.BlobUri == link, cancellationToken);
    }
}
