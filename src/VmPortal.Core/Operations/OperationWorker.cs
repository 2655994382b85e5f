using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Operations;

/// <summary>
/// Claims queued operations with a lease (so two portals sharing a database never run one twice), runs
/// each in its own DI scope, renews the lease while it runs, and records the outcome. Work left
/// <c>InProgress</c> by a crashed process is claimed again once its lease lapses, and its handler
/// resumes or rolls back.
/// </summary>
public sealed class OperationWorker(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    OperationEvents events,
    OperationSignal signal,
    IOptions<OperationOptions> options,
    TimeProvider time,
    ILogger<OperationWorker> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly OperationOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        using var slots = new SemaphoreSlim(_options.MaxParallel);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await slots.WaitAsync(stoppingToken);
                var claimed = await TryClaimAsync(stoppingToken);
                if (claimed is null)
                {
                    slots.Release();
                    await signal.WaitAsync(_options.PollInterval, stoppingToken);
                    continue;
                }
                running.RemoveAll(t => t.IsCompleted);
                running.Add(Task.Run(async () =>
                {
                    try { await RunAsync(claimed, stoppingToken); }
                    finally { slots.Release(); }
                }, CancellationToken.None));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database may be briefly unavailable; never let the worker die.
                logger.LogError(e, "Operation worker loop failed; retrying");
                await Task.Delay(_options.PollInterval, time, CancellationToken.None);
            }
        }
        // Unfinished work keeps its lease until it lapses, then the next start resumes it.
        await Task.WhenAll(running);
    }

    internal async Task<Operation?> TryClaimAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var candidates = await db.Operations
            .Where(o => o.Status == OperationStatus.InProgress && (o.LeaseExpires == null || o.LeaseExpires < now))
            .OrderBy(o => o.CreatedTime).Select(o => o.Id).Take(5).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            // The claim is one conditional UPDATE: of two racing claimers exactly one changes the row.
            var claimed = await db.Operations
                .Where(o => o.Id == id && o.Status == OperationStatus.InProgress && (o.LeaseExpires == null || o.LeaseExpires < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.LeaseOwner, _owner)
                    .SetProperty(o => o.LeaseExpires, now + _options.Lease)
                    .SetProperty(o => o.Attempts, o => o.Attempts + 1)
                    .SetProperty(o => o.StartedTime, o => o.StartedTime ?? now), cancellationToken);
            if (claimed == 1) return await db.Operations.AsNoTracking().SingleAsync(o => o.Id == id, cancellationToken);
        }
        return null;
    }

    private async Task RunAsync(Operation operation, CancellationToken stoppingToken)
    {
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewLeaseAsync(operation.Id, leaseLost);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IOperationHandler>().FirstOrDefault(h => h.Kind == operation.Kind)
                ?? throw new OperationFailedException(ErrorCodes.InternalError, $"This portal has no handler for '{operation.Kind}' operations.");
            var context = new OperationContext(operation, dbFactory, events);
            logger.LogInformation("Operation {Id} {Kind} on {Target} started (attempt {Attempt})",
                operation.Id, operation.Kind, operation.Target, operation.Attempts);
            await handler.RunAsync(context, leaseLost.Token);
            await CompleteAsync(operation, OperationStatus.Succeeded, null, null);
        }
        catch (OperationFailedException e)
        {
            await CompleteAsync(operation, OperationStatus.Failed, e.Code, e.Message);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            logger.LogInformation("Operation {Id} interrupted; it resumes when its lease lapses", operation.Id);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Operation {Id} {Kind} failed unexpectedly", operation.Id, operation.Kind);
            await CompleteAsync(operation, OperationStatus.Failed, ErrorCodes.InternalError,
                $"The {operation.Kind} operation failed unexpectedly: {e.GetBaseException().Message}");
        }
        finally
        {
            await leaseLost.CancelAsync();
            await renewal;
        }
    }

    private async Task RenewLeaseAsync(Guid id, CancellationTokenSource leaseLost)
    {
        try
        {
            while (true)
            {
                await Task.Delay(_options.Lease / 3, time, leaseLost.Token);
                await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
                var renewed = await db.Operations
                    .Where(o => o.Id == id && o.LeaseOwner == _owner && o.Status == OperationStatus.InProgress)
                    .ExecuteUpdateAsync(s => s.SetProperty(o => o.LeaseExpires, time.GetUtcNow() + _options.Lease), CancellationToken.None);
                if (renewed == 0)
                {
                    // Someone else owns it now (we were too slow): stop, they carry on.
                    await leaseLost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) { }
        catch (Exception e) { logger.LogWarning(e, "Lease renewal for operation {Id} failed", id); }
    }

    private async Task CompleteAsync(Operation operation, OperationStatus status, string? code, string? message)
    {
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var updated = await db.Operations
            .Where(o => o.Id == operation.Id && o.LeaseOwner == _owner && o.Status == OperationStatus.InProgress)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, status)
                .SetProperty(o => o.Progress, o => status == OperationStatus.Succeeded ? 100 : o.Progress)
                .SetProperty(o => o.StatusMessage, status == OperationStatus.Succeeded ? "Succeeded" : "Failed")
                .SetProperty(o => o.ErrorCode, code)
                .SetProperty(o => o.ErrorMessage, message)
                .SetProperty(o => o.CompletedTime, now)
                .SetProperty(o => o.LeaseExpires, (DateTimeOffset?)null), CancellationToken.None);
        if (updated == 0) return;
        // The VM is free for its next operation.
        await db.VirtualMachines.Where(v => v.ActiveOperationId == operation.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(v => v.ActiveOperationId, (Guid?)null)
                .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);

        var done = await db.Operations.AsNoTracking().SingleAsync(o => o.Id == operation.Id, CancellationToken.None);
        events.Publish(OperationUpdate.From(done));
        logger.LogInformation("Operation {Id} {Kind} on {Target}: {Status} {Code}", done.Id, done.Kind, done.Target, status, code);
    }
}
