using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalog;
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
        _operation.State = JsonSerializer.Serialize(state, JsonSerializerOptions.Web);
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Operations.Where(o => o.Id == Id)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.State, _operation.State), cancellationToken);
    }

    public async Task ReportAsync(int progress, string message, CancellationToken cancellationToken = default)
    {
        _operation.Progress = Math.Clamp(progress, 0, 99);
        _operation.StatusMessage = message;
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Operations.Where(o => o.Id == Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Progress, _operation.Progress)
            .SetProperty(o => o.StatusMessage, message), cancellationToken);
        _events.Publish(OperationUpdate.From(_operation));
    }
}
