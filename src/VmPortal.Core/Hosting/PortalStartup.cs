using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalog;
using VmPortal.Core.Data;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Hosting;

/// <summary>
/// Everything that must be true before the portal serves a request: a writable data folder, storage that
/// answers (the embedded Azurite started first), the database migrated, the storage accounts catalogued.
/// Each failure is a <see cref="PortalStartupException"/> whose message says what to fix.
/// </summary>
public sealed class PortalStartup(
    PortalPaths paths,
    BlobAccounts accounts,
    EmbeddedAzurite azurite,
    IDbContextFactory<PortalDbContext> dbFactory,
    ILogger<PortalStartup> logger)
{
    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        paths.EnsureWritable();
        if (accounts.IsEmbedded) await azurite.StartAsync(cancellationToken);
        await accounts.EnsureReachableAsync(cancellationToken);
        await MigrateAsync(cancellationToken);
        await CatalogueStorageAccountsAsync(cancellationToken);
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new PortalStartupException(
                $"The database could not be prepared ({e.GetBaseException().Message.TrimEnd('.')}); check ConnectionStrings:Portal.", e);
        }
        logger.LogInformation("Database ready");
    }

    /// <summary>Storage accounts come from configuration; the catalogue mirrors them (without keys).</summary>
    private async Task CatalogueStorageAccountsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var known = await db.StorageAccounts.ToDictionaryAsync(a => a.Name, cancellationToken);
        foreach (var account in accounts.All)
        {
            if (!known.TryGetValue(account.Name, out var row))
            {
                db.StorageAccounts.Add(new StorageAccount
                {
                    Name = account.Name, Location = account.Location, BlobEndpoint = account.BlobEndpoint.ToString(),
                });
                continue;
            }
            row.Location = account.Location;
            row.BlobEndpoint = account.BlobEndpoint.ToString();
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
