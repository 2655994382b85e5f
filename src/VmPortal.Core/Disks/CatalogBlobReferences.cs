using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Core.Disks;

/// <summary>The catalogue's view of which blobs are in use. Media links are stored as <see cref="Uri.AbsoluteUri"/>.</summary>
public sealed class CatalogBlobReferences(IDbContextFactory<PortalDbContext> dbFactory) : IBlobReferences
{
    public async Task<bool> IsReferencedAsync(Uri mediaLink, CancellationToken cancellationToken)
    {
        var link = mediaLink.AbsoluteUri;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Image disk configurations (OS and data disk media links) join this check when the catalogue has them.
        return await db.Disks.AnyAsync(d => d.MediaLink == link, cancellationToken);
    }
}
