using System.Runtime.ExceptionServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Cluster;
using VmPortal.Core.Data;
using VmPortal.Core.Security;
using VmPortal.Core.Seeding;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Hosting;

/// <summary>
/// Everything that must be true before the portal serves a request: a writable data folder, storage that
/// answers (the embedded Azurite started first), the database migrated, the storage accounts catalogued.
/// Each failure is a <see cref="PortalStartupException"/> whose message says what to fix. Runs once,
/// whether the entry point calls it or the host starts it.
/// </summary>
public sealed class PortalStartup(IServiceProvider services, PortalPaths paths, ILogger<PortalStartup> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private bool _prepared;

    public async Task PrepareAsync(CancellationToken cancellationToken = default)
    {
        await _once.WaitAsync(cancellationToken);
        var storage = Task.CompletedTask;
        try
        {
            if (_prepared) return;
            var database = services.GetRequiredService<PortalDatabase>();
            // The data folder first: the embedded accounts' keys are read from it when storage is resolved.
            paths.EnsureWritable();
            var accounts = services.GetRequiredService<BlobAccounts>();
            // Storage comes up (the embedded emulator takes seconds to start) while the database migrates: neither needs the other.
            storage = PrepareStorageAsync(accounts, cancellationToken);
            // Instances started together (two replicas) take turns: the first migrates and seeds, the next finds it done.
            await using (await TakeTurnAsync(cancellationToken))
            {
                await MigrateAsync(database, cancellationToken);
                // Nothing is made before storage works: the bootstrap admin's one-time password, say, must not be shown
                // by a start that then fails.
                await storage;
                await services.GetRequiredService<InstanceRegistry>().RegisterAsync(cancellationToken);
                await services.GetRequiredService<SharedKeyRing>().EnsureAsync(cancellationToken);
                await services.GetRequiredService<UserBootstrapper>().EnsureAsync(cancellationToken);
                await CatalogueStorageAccountsAsync(accounts, cancellationToken);
                await services.GetRequiredService<PublicImageSeeder>().SeedAsync(cancellationToken);
                if (services.GetRequiredService<IConfiguration>().GetValue("Portal:SeedDemoData", true))
                    await services.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken);
            }
            _prepared = true;
        }
        catch (Exception failure)
        {
            // Storage is waited for, so a failed start leaves no emulator behind; its own failure is the one told, as it is
            // the one to mend first (a database refused meanwhile may only have followed from the same wrong settings).
            Exception? storageFailure = null;
            try { await storage; }
            catch (Exception e) { storageFailure = e; }
            await services.GetRequiredService<EmbeddedAzurite>().DisposeAsync();
            if (storageFailure is not null && storageFailure != failure) ExceptionDispatchInfo.Throw(storageFailure);
            throw;
        }
        finally
        {
            _once.Release();
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => PrepareAsync(cancellationToken);

    private async Task PrepareStorageAsync(BlobAccounts accounts, CancellationToken cancellationToken)
    {
        if (accounts.IsEmbedded) await services.GetRequiredService<EmbeddedAzurite>().StartAsync(cancellationToken);
        await accounts.EnsureReachableAsync(cancellationToken);
    }

    Task IHostedService.StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<IAsyncDisposable> TakeTurnAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await services.GetRequiredService<DatabaseLocks>().HoldAsync(LockSpace.Startup, 3, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw DatabaseUnusable(e);
        }
    }

    private static PortalStartupException DatabaseUnusable(Exception e) =>
        new($"The database could not be prepared ({e.GetBaseException().Message.TrimEnd('.')}); check ConnectionStrings:Portal.", e);

    private async Task MigrateAsync(PortalDatabase database, CancellationToken cancellationToken)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw DatabaseUnusable(e);
        }
        logger.LogInformation("Database ready ({Provider})", database.Provider);
    }

    /// <summary>Storage accounts come from configuration; the catalogue mirrors them (without keys).</summary>
    private async Task CatalogueStorageAccountsAsync(BlobAccounts accounts, CancellationToken cancellationToken)
    {
        var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
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

    public void Dispose() => _once.Dispose();
}
