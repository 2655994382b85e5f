namespace VmPortal.Core.Operations;

/// <summary>
/// Runs one kind of operation, all-or-nothing. Runs again with <see cref="OperationContext.IsResume"/> set when an
/// attempt was cut short (the portal died, or the attempt failed in a way nobody foresaw): the handler reads the state it
/// saved and either finishes or rolls back — each kind says which — and never reports success for work it did not do.
/// </summary>
public interface IOperationHandler
{
    string Kind { get; }

    Task RunAsync(OperationContext context, CancellationToken ct);

    /// <summary>
    /// Runs instead of <see cref="RunAsync"/> once the operation has broken its worker <c>Operations:MaxAttempts</c> times:
    /// undo what was not committed and leave the catalogue consistent, without retrying the work that kept failing, and say
    /// what stands. The worker then ends the operation accordingly; what could not be cleaned up the storage health check reports.
    /// </summary>
    Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct);
}
