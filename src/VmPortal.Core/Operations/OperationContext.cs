using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.Operations;

/// <summary>What a handler sees of its operation: the request, its saved state, and a way to report progress.</summary>
public sealed class OperationContext
{
    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly OperationEvents _events;
    private readonly Operation _operation;

    internal OperationContext(Operation operation, IDbContextFactory<PortalDbContext> dbFactory, OperationEvents events)
    {
        _operation = operation;
        _dbFactory = dbFactory;
        _events = events;
    }

    public Guid Id => _operation.Id;
    public string Kind => _operation.Kind;
    public string Target => _operation.Target;
    public int? VirtualMachineId => _operation.VirtualMachineId;
    public int Attempt => _operation.Attempts;
    public bool IsResume => _operation.Attempts > 1;
    public int Progress => _operation.Progress;

    public T ReadPayload<T>() =>
        JsonSerializer.Deserialize<T>(_operation.Payload ?? "null", JsonSerializerOptions.Web)
        ?? throw new InvalidOperationException($"Operation {Id} has no payload.");

    public T? ReadState<T>() where T : class =>
        _operation.State is null ? null : JsonSerializer.Deserialize<T>(_operation.State, JsonSerializerOptions.Web);

    /// <summary>Records how far the handler got, durably, before it does the next irreversible step.</summary>
    public async Task SaveStateAsync<T>(T state, CancellationToken cancellationToken = default)
    {
        lock (_operation) _operation.State = JsonSerializer.Serialize(state, JsonSerializerOptions.Web);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Operations.Where(o => o.Id == Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, _operation.State), cancellationToken);
    }

    /// <summary>
    /// Tells listeners at once; writes the database at most every quarter second, since progress is for
    /// people and a write per step would cost more than the steps. Progress never goes backwards.
    /// </summary>
    /// <summary>
    /// Saves <paramref name="db"/>'s changes together with the handler's new state, in one transaction: the
    /// change and the record that it happened can never disagree after a crash. On failure the state is not saved.
    /// </summary>
    public async Task CommitWithStateAsync<T>(PortalDbContext db, T state, CancellationToken cancellationToken)
    {
        var row = await db.Operations.SingleAsync(o => o.Id == Id, cancellationToken);
        row.State = JsonSerializer.Serialize(state, JsonSerializerOptions.Web);
        await db.SaveChangesAsync(cancellationToken);
        lock (_operation) _operation.State = row.State;
    }

    public async Task ReportAsync(int progress, string message, CancellationToken cancellationToken = default)
    {
        OperationUpdate update;
        int persistedProgress;
        lock (_operation)
        {
            _operation.Progress = Math.Max(_operation.Progress, Math.Clamp(progress, 0, 99));
            _operation.StatusMessage = message;
            update = OperationUpdate.From(_operation);
            persistedProgress = _operation.Progress;
            if (DateTimeOffset.UtcNow - _lastPersisted < PersistEvery) persistedProgress = -1;
            else _lastPersisted = DateTimeOffset.UtcNow;
        }
        _events.Publish(update);
        if (persistedProgress < 0) return;
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Operations.Where(o => o.Id == Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Progress, persistedProgress)
            .SetProperty(o => o.StatusMessage, message), cancellationToken);
    }

    private static readonly TimeSpan PersistEvery = TimeSpan.FromMilliseconds(250);
    private DateTimeOffset _lastPersisted = DateTimeOffset.MinValue;
}
