using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Security;

namespace VmPortal.Core.Operations;

/// <summary>
/// Claims queued operations with a lease (so two portals sharing a database never run one twice), runs
/// each in its own DI scope, renews the lease while it runs, and records the outcome — with its audit entry, in the
/// same transaction. Work left <c>InProgress</c> by a crashed process, or by an attempt that failed in a way its handler
/// did not foresee, is claimed again once its lease lapses, and its handler resumes or rolls back; after
/// <see cref="OperationOptions.MaxAttempts"/> such attempts its handler undoes what was not committed and it fails with
/// <c>OperationAbandoned</c> (or <c>StorageFailed</c>) — or, when the change the user asked for had committed and only
/// clean-up kept failing, it succeeds saying the storage health page lists what is left (<see cref="Abandonment"/>).
/// </summary>
public sealed class OperationWorker(
    IServiceScopeFactory scopes,
    IDbContextFactory<PortalDbContext> dbFactory,
    OperationEvents events,
    OperationSignal signal,
    AuditLog audit,
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

    internal async Task<ClaimedOperation?> TryClaimAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var candidates = await db.Operations
            .Where(o => o.Status == OperationStatus.InProgress && (o.LeaseExpires == null || o.LeaseExpires < now))
            .OrderBy(o => o.CreatedTime).Select(o => new { o.Id, o.ErrorCode }).Take(5).ToListAsync(cancellationToken);
        var max = _options.MaxAttempts;
        foreach (var (id, lastBreak) in candidates.Select(c => (c.Id, c.ErrorCode)))
        {
            // The claim is one conditional UPDATE: of two racing claimers exactly one changes the row. A new attempt starts
            // with no error; the claim that abandons the operation keeps the last attempt's, to say why.
            var claimed = await db.Operations
                .Where(o => o.Id == id && o.Status == OperationStatus.InProgress && (o.LeaseExpires == null || o.LeaseExpires < now))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.LeaseOwner, _owner)
                    .SetProperty(o => o.LeaseExpires, now + _options.Lease)
                    .SetProperty(o => o.Attempts, o => o.Attempts + 1)
                    .SetProperty(o => o.ErrorCode, o => o.Attempts >= max ? o.ErrorCode : null)
                    .SetProperty(o => o.ErrorMessage, o => o.Attempts >= max ? o.ErrorMessage : null)
                    .SetProperty(o => o.StartedTime, o => o.StartedTime ?? now), cancellationToken);
            if (claimed == 1) return new ClaimedOperation(await db.Operations.AsNoTracking().SingleAsync(o => o.Id == id, cancellationToken), lastBreak);
        }
        return null;
    }

    private async Task RunAsync(ClaimedOperation claimed, CancellationToken stoppingToken)
    {
        var operation = claimed.Operation;
        OperationCulture.Enter(operation);
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = RenewLeaseAsync(operation.Id, leaseLost);
        try
        {
            if (await AttemptAsync(operation, claimed.LastBreakCode, leaseLost) is { } outcome) await CompleteAsync(operation, outcome);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Operation {Id} {Kind}: its outcome could not be recorded; it resumes when its lease lapses", operation.Id, operation.Kind);
        }
        finally
        {
            await leaseLost.CancelAsync();
            await renewal;
        }
    }

    /// <summary>Runs (or abandons) the operation; null when it stays InProgress for another attempt.</summary>
    private async Task<OperationOutcome?> AttemptAsync(Operation operation, string? lastBreakCode, CancellationTokenSource leaseLost)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetServices<IOperationHandler>().FirstOrDefault(h => h.Kind == operation.Kind);
            if (handler is null)
                return OperationOutcome.Failed(ErrorCodes.InternalError, OperationMessages.Format("NoHandler", operation.Kind));
            using var context = new OperationContext(operation, lastBreakCode, dbFactory, events, time);
            if (operation.Attempts > _options.MaxAttempts) return await AbandonAsync(operation, handler, context, leaseLost.Token);
            logger.LogInformation("Operation {Id} {Kind} on {Target} started (attempt {Attempt})",
                operation.Id, operation.Kind, operation.Target, operation.Attempts);
            await handler.RunAsync(context, leaseLost.Token);
            return OperationOutcome.Succeeded;
        }
        catch (OperationFailedException e)
        {
            return OperationOutcome.Failed(e.Code, e.Message);
        }
        catch (OperationCanceledException) when (leaseLost.IsCancellationRequested)
        {
            logger.LogInformation("Operation {Id} interrupted; it resumes when its lease lapses", operation.Id);
            return null;
        }
        catch (OperationLeaseLostException e)
        {
            logger.LogWarning("{Message}", e.Message);
            return null;
        }
        catch (Exception e)
        {
            // Like a crash, but with a cause to keep: the lease lapses, and the next attempt resumes or rolls back.
            var broken = OperationBreak.From(e);
            logger.LogError(e, "Operation {Id} {Kind} broke on attempt {Attempt} ({Code}); it is tried again when its lease lapses",
                operation.Id, operation.Kind, operation.Attempts, broken.Code);
            await RecordBreakAsync(operation, broken);
            return null;
        }
    }

    /// <summary>The operation broke its worker too often: the handler undoes what it can, and the operation fails saying why.</summary>
    private async Task<OperationOutcome> AbandonAsync(Operation operation, IOperationHandler handler, OperationContext context, CancellationToken ct)
    {
        var max = _options.MaxAttempts;
        if (operation.Attempts > max + 1)
            return OperationOutcome.Failed(ErrorCodes.OperationAbandoned,
                OperationMessages.Format("AbandonRollbackBroke", DisplayNames.OperationKind(operation.Kind), max));
        logger.LogWarning("Operation {Id} {Kind} broke its worker {Max} times; rolling it back", operation.Id, operation.Kind, max);
        var abandoned = await handler.AbandonAsync(context, ct);
        var kind = DisplayNames.OperationKind(operation.Kind);
        var lastError = Sentence.Nested(operation.ErrorMessage);
        var why = operation.ErrorCode == ErrorCodes.StorageFailed
            ? OperationMessages.Format("WhyStorageKeptFailing", lastError)
            : lastError is null ? OperationMessages.Format("WhyBroke", max) : OperationMessages.Format("WhyBrokeLast", max, lastError);
        if (abandoned.Kind == AbandonmentKind.Finished)
            return OperationOutcome.SucceededWith(OperationMessages.Format("AbandonFinished", Sentence.Nested(abandoned.Standing!), why));
        if (abandoned.Kind == AbandonmentKind.Kept)
            return OperationOutcome.Failed(operation.ErrorCode == ErrorCodes.StorageFailed ? ErrorCodes.StorageFailed : ErrorCodes.OperationAbandoned,
                OperationMessages.Format("AbandonKept", kind, max, why, abandoned.Standing));
        return operation.ErrorCode == ErrorCodes.StorageFailed
            ? OperationOutcome.Failed(ErrorCodes.StorageFailed, OperationMessages.Format("AbandonStorageRolledBack", lastError, max, kind))
            : OperationOutcome.Failed(ErrorCodes.OperationAbandoned, lastError is null
                ? OperationMessages.Format("AbandonRolledBack", kind, max)
                : OperationMessages.Format("AbandonRolledBackLast", kind, max, lastError));
    }

    private async Task RecordBreakAsync(Operation operation, OperationBreak broken)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.Operations.Where(o => o.Id == operation.Id && o.LeaseOwner == _owner && o.Status == OperationStatus.InProgress)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(o => o.ErrorCode, broken.Code)
                    .SetProperty(o => o.ErrorMessage, broken.Message), CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not record why operation {Id} broke", operation.Id);
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

    /// <summary>The outcome, the VM's release and the audit entry saying how the request ended: one transaction.</summary>
    private async Task CompleteAsync(Operation operation, OperationOutcome outcome)
    {
        var now = time.GetUtcNow();
        var status = outcome.Status;
        var succeeded = status == OperationStatus.Succeeded;
        // A success that leaves something to know (clean-up the health page lists) says so where its status is shown.
        var statusMessage = succeeded ? outcome.Message ?? OperationMessages.Get("StatusSucceeded") : OperationMessages.Get("StatusFailed");
        var errorMessage = succeeded ? null : outcome.Message;
        List<OperationStep> steps;
        lock (operation) steps = OperationJournal.Ended(operation.Steps, now);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var updated = await db.Operations
            .Where(o => o.Id == operation.Id && o.LeaseOwner == _owner && o.Status == OperationStatus.InProgress)
            .ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Status, status)
                .SetProperty(o => o.Progress, o => status == OperationStatus.Succeeded ? 100 : o.Progress)
                .SetProperty(o => o.StatusMessage, statusMessage)
                .SetProperty(o => o.ErrorCode, outcome.Code)
                .SetProperty(o => o.ErrorMessage, errorMessage)
                .SetProperty(o => o.CompletedTime, now)
                .SetProperty(o => o.Steps, steps)
                .SetProperty(o => o.LeaseExpires, (DateTimeOffset?)null), CancellationToken.None);
        if (updated == 0) return;
        // The VM is free for its next operation.
        await db.VirtualMachines.Where(v => v.ActiveOperationId == operation.Id)
            .ExecuteUpdateAsync(s => s
                .SetProperty(v => v.ActiveOperationId, (Guid?)null)
                .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), CancellationToken.None);
        audit.Add(db, operation.RequestedBy, operation.Kind, operation.Target, ipAddress: null,
            status == OperationStatus.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, outcome.Code, outcome.Message);
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);

        var done = await db.Operations.AsNoTracking().SingleAsync(o => o.Id == operation.Id, CancellationToken.None);
        events.Publish(OperationUpdate.From(done));
        logger.LogInformation("Operation {Id} {Kind} on {Target}: {Status} {Code}", done.Id, done.Kind, done.Target, status, outcome.Code);
    }
}

/// <summary>An operation this worker claimed, with the code its previous attempt broke with (the claim clears it on the row).</summary>
internal sealed record ClaimedOperation(Operation Operation, string? LastBreakCode);
