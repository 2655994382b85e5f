using System.Text.Json;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Security;

namespace VmPortal.Core.Operations;

/// <summary>
/// Creates operations inside the caller's unit of work, so the operation row, the VM's busy mark and the
/// change that started it commit together — or not at all.
/// </summary>
public sealed class OperationQueue(OperationSignal signal, AuditLog audit, TimeProvider time)
{
    /// <summary>
    /// Adds an operation to <paramref name="db"/>, and <paramref name="actor"/>'s request for it to the audit, named by its
    /// kind. With a VM, marks it busy: when the VM already runs an operation this returns null (the caller answers
    /// <c>VmBusy</c>). Save the context, then call <see cref="Wake"/>.
    /// </summary>
    public Operation? Add(PortalDbContext db, string kind, string target, object? payload, VirtualMachine? vm, Actor actor)
    {
        if (vm is { ActiveOperationId: not null }) return null;
        var operation = new Operation
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            Target = target,
            Status = OperationStatus.InProgress,
            Payload = payload is null ? null : JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
            VirtualMachineId = vm?.Id,
            RequestedBy = actor.UserName,
            Culture = OperationCulture.Current(),
            CreatedTime = time.GetUtcNow(),
            StatusMessage = OperationMessages.Get("StatusQueued"),
        };
        db.Operations.Add(operation);
        audit.Record(db, actor, kind, target);
        if (vm is not null) vm.ActiveOperationId = operation.Id;
        return operation;
    }

    /// <summary>Tells this instance's worker there is new work now instead of at its next poll.</summary>
    public void Wake() => signal.Raise();
}

/// <summary>A wake-up call for the worker.</summary>
public sealed class OperationSignal : IDisposable
{
    private readonly SemaphoreSlim _raised = new(0, 1);

    public void Dispose() => _raised.Dispose();

    public void Raise()
    {
        try { _raised.Release(); } catch (SemaphoreFullException) { /* already raised */ }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _raised.WaitAsync(timeout, cancellationToken);
}
