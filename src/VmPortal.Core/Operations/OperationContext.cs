using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Operations;

/// <summary>What a handler sees of its operation: the request, its saved state, and a way to report progress.</summary>
public sealed class OperationContext : IDisposable
{
    private static readonly TimeSpan PersistEvery = TimeSpan.FromMilliseconds(250);

    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly OperationEvents _events;
    private readonly TimeProvider _time;
    private readonly Operation _operation;
    private readonly string? _lastBreakCode;
    private readonly SemaphoreSlim _writes = new(1, 1);
    private DateTimeOffset _lastPersisted = DateTimeOffset.MinValue;

    internal OperationContext(
        Operation operation, string? lastBreakCode, IDbContextFactory<PortalDbContext> dbFactory, OperationEvents events, TimeProvider time)
    {
        _operation = operation;
        _lastBreakCode = lastBreakCode;
        _dbFactory = dbFactory;
        _events = events;
        _time = time;
    }

    public void Dispose() => _writes.Dispose();

    public Guid Id => _operation.Id;
    public string Kind => _operation.Kind;
    public string Target => _operation.Target;
    public int? VirtualMachineId => _operation.VirtualMachineId;
    public int Attempt => _operation.Attempts;
    public bool IsResume => _operation.Attempts > 1;

    /// <summary>
    /// The code a resumed run that rolls back reports: <c>StorageFailed</c> when the attempt before broke on storage (the
    /// worker recorded why), so an operation undone because storage failed says so; otherwise <c>InternalError</c>.
    /// </summary>
    public string InterruptedCode => IsResume && _lastBreakCode == ErrorCodes.StorageFailed ? ErrorCodes.StorageFailed : ErrorCodes.InternalError;
    public int Progress => _operation.Progress;

    /// <summary>When a worker first took the operation up: what a guest did since, it did for this operation.</summary>
    public DateTimeOffset StartedTime => _operation.StartedTime ?? _operation.CreatedTime;

    /// <summary>The tag a handler puts on every blob and snapshot it makes, so a rollback and the storage health check know whose it is.</summary>
    public string Owner => Id.ToString("N");

    public T ReadPayload<T>() =>
        JsonSerializer.Deserialize<T>(_operation.Payload ?? "null", JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Operation {Id} has no payload.");

    public T? ReadState<T>() where T : class =>
        _operation.State is null ? null : JsonSerializer.Deserialize<T>(_operation.State, JsonSerializerOptions.Web);

    /// <summary>Records how far the handler got, durably, before it does the next irreversible step.</summary>
    public async Task SaveStateAsync<T>(T state, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await CommitAsync(db, state, cancellationToken);
    }

    /// <summary>
    /// Saves <paramref name="db"/>'s changes together with the handler's new state, in one transaction — the caller's, when
    /// it has begun one for bulk statements: the change and the record that it happened can never disagree after a crash.
    /// Only the worker holding the operation's lease may commit; one that lost it gets <see cref="OperationLeaseLostException"/>
    /// and nothing is saved.
    /// </summary>
    public async Task CommitAsync<T>(PortalDbContext db, T state, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(state, JsonSerializerOptions.Web);
        var owner = _operation.LeaseOwner;
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        var held = await db.Operations
            .Where(o => o.Id == Id && o.LeaseOwner == owner && o.Status == OperationStatus.InProgress)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, json), cancellationToken);
        if (held == 0) throw new OperationLeaseLostException(Id);
        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        lock (_operation) _operation.State = json;
    }

    /// <summary>
    /// Tells listeners at once; writes the database at most every quarter second, since progress is for
    /// people and a write per step would cost more than the steps — except when a new step begins (a new
    /// <paramref name="message"/>), which is always written, with the time it began. Progress never goes backwards.
    /// </summary>
    public Task ReportAsync(int progress, string message, CancellationToken cancellationToken = default) =>
        MoveAsync(o =>
        {
            o.Progress = Math.Max(o.Progress, Math.Clamp(progress, 0, 99));
            o.StatusMessage = message;
            return OperationJournal.Begin(o.Steps, message, _time.GetUtcNow());
        }, cancellationToken);

    /// <summary>Names the disks this operation copies, before it copies any, so the page lists them all from the start.</summary>
    public Task ReportDisksAsync(IEnumerable<DiskProgress> disks, CancellationToken cancellationToken = default) =>
        MoveAsync(o =>
        {
            o.Disks = [.. disks];
            return true;
        }, cancellationToken);

    /// <summary>Where one disk's copy stands; a new phase is always written, bytes at most every quarter second.</summary>
    public Task ReportDiskAsync(DiskProgress disk, CancellationToken cancellationToken = default) =>
        MoveAsync(o =>
        {
            var index = o.Disks.FindIndex(d => d.Disk == disk.Disk);
            if (index < 0)
            {
                o.Disks.Add(disk);
                return true;
            }
            var phaseChanged = o.Disks[index].Phase != disk.Phase;
            o.Disks[index] = disk;
            return phaseChanged;
        }, cancellationToken);

    /// <summary>
    /// Applies a move to the operation, tells listeners, and writes it — at once when <paramref name="move"/> says it
    /// matters (a new step, a disk's new phase), else at most every quarter second. Writes go one at a time, each with the
    /// operation as it is then, so a slow write never overwrites a newer one.
    /// </summary>
    private async Task MoveAsync(Func<Operation, bool> move, CancellationToken cancellationToken)
    {
        OperationUpdate update;
        bool persist;
        lock (_operation)
        {
            var important = move(_operation);
            update = OperationUpdate.From(_operation);
            var now = _time.GetUtcNow();
            persist = important || now - _lastPersisted >= PersistEvery;
            if (persist) _lastPersisted = now;
        }
        _events.Publish(update);
        if (!persist) return;
        await _writes.WaitAsync(cancellationToken);
        try
        {
            int progress;
            string? message;
            List<OperationStep> steps;
            List<DiskProgress> disks;
            lock (_operation)
            {
                (progress, message, steps, disks) = (_operation.Progress, _operation.StatusMessage, [.. _operation.Steps], [.. _operation.Disks]);
            }
            await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Operations.Where(o => o.Id == Id && o.Status == OperationStatus.InProgress).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Progress, progress)
                .SetProperty(o => o.StatusMessage, message)
                .SetProperty(o => o.Steps, steps)
                .SetProperty(o => o.Disks, disks), cancellationToken);
        }
        finally { _writes.Release(); }
    }
}

/// <summary>Another worker holds the operation now (this one was too slow to renew its lease): this one stops, saving nothing.</summary>
public sealed class OperationLeaseLostException(Guid id)
    : Exception($"Operation {id} is no longer held by this worker; the worker holding it carries on.");
