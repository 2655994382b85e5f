using Microsoft.Extensions.Diagnostics.HealthChecks;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Hosting;

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
