namespace VmPortal.Core.Operations;

/// <summary>
/// Runs one kind of operation. Runs again with <see cref="OperationContext.IsResume"/> set when the
/// portal restarted mid-way: the handler reads the state it saved and either finishes or rolls back —
/// each kind says which.
/// </summary>
public interface IOperationHandler
{
    string Kind { get; }

    Task RunAsync(OperationContext context, CancellationToken ct);
}
