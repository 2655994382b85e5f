using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using VmPortal.Core.Data;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Hosting;

/// <summary>The database answers a query.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<PortalDbContext> dbFactory) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var accounts = await db.StorageAccounts.CountAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{accounts} storage account(s) catalogued");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(e.GetBaseException().Message);
        }
    }
}

/// <summary>Every storage account's <c>vhds</c> container answers.</summary>
public sealed class BlobStorageHealthCheck(BlobAccounts accounts) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failing = new List<string>();
        foreach (var account in accounts.All)
        {
            try
            {
                await account.Vhds.GetPropertiesAsync(cancellationToken: cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failing.Add($"{account.Name}: {e.GetBaseException().Message.Split('\n')[0]}");
            }
        }
        return failing.Count == 0
            ? HealthCheckResult.Healthy($"{accounts.All.Count} storage account(s) answer")
            : HealthCheckResult.Unhealthy(string.Join("; ", failing));
    }
}
