using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Operations;

/// <summary>
/// Removes finished operations older than <see cref="OperationOptions.Retention"/>, at start and then every hour. The audit
/// keeps who asked for each and how it ended: those entries are not the operation's rows and stay.
/// </summary>
public sealed class OperationRetention(
    IDbContextFactory<PortalDbContext> dbFactory, IOptions<OperationOptions> options, TimeProvider time, ILogger<OperationRetention> logger)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogWarning(e, "Removing old operations failed; trying again in an hour"); }
        }
        while (await Next(stoppingToken));
    }

    private async Task<bool> Next(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(Every, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    /// <returns>How many operations were removed.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.Retention;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // CreatedTime first: an operation that finished before the cutoff began before it, and that column is indexed.
        var removed = await db.Operations
            .Where(o => o.CreatedTime < cutoff && o.Status != OperationStatus.InProgress && o.CompletedTime < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        if (removed > 0) logger.LogInformation("Removed {Count} operations that finished before {Cutoff:u}", removed, cutoff);
        return removed;
    }
}
