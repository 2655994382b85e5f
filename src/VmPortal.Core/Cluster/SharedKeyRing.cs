using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Data;

namespace VmPortal.Core.Cluster;

/// <summary>
/// The data-protection key ring lives in the database, so a sign-in cookie, an antiforgery token or a sealed secret made
/// by one instance opens on every other. At start-up, under a lock every instance takes, the ring gets its first key —
/// by one instance, not one per instance racing on an empty table — and an older portal's key files from the data folder
/// (<c>keys/</c>) are taken in, so what they protected stays readable.
/// </summary>
public sealed class SharedKeyRing(
    IDbContextFactory<PortalDbContext> dbFactory,
    DatabaseLocks locks,
    IDataProtectionProvider protection,
    PortalPaths paths,
    ILogger<SharedKeyRing> logger)
{
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await using var held = await locks.HoldAsync(LockSpace.Startup, 2, cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.DataProtectionKeys.AnyAsync(cancellationToken)) await ImportKeyFilesAsync(db, cancellationToken);
        }
        // The first use reads the ring and, when it holds no usable key, makes one (the framework's own rules).
        protection.CreateProtector(nameof(SharedKeyRing)).Protect([1]);
    }

    private async Task ImportKeyFilesAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(paths.DataPath, "keys");
        if (!Directory.Exists(folder)) return;
        var files = Directory.GetFiles(folder, "*.xml");
        foreach (var file in files)
        {
            db.DataProtectionKeys.Add(new DataProtectionKey
            {
                FriendlyName = Path.GetFileNameWithoutExtension(file),
                // As the database repository stores a key: the element alone, unformatted.
                Xml = XElement.Parse(await File.ReadAllTextAsync(file, cancellationToken)).ToString(SaveOptions.DisableFormatting),
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        if (files.Length > 0) logger.LogInformation("Took {Count} data-protection keys from {Folder} into the database", files.Length, folder);
    }
}
