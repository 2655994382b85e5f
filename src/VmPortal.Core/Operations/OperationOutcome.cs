using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Operations;

/// <summary>How an operation ended: succeeded, or failed with a stable code (API.md) and a sentence a person can act on.</summary>
internal sealed record OperationOutcome(OperationStatus Status, string? Code, string? Message)
{
    public static readonly OperationOutcome Succeeded = new(OperationStatus.Succeeded, null, null);

    public static OperationOutcome Failed(string code, string message) => new(OperationStatus.Failed, code, message);

    /// <summary>Succeeded, with a sentence on what the user should know (clean-up left to the storage health page).</summary>
    public static OperationOutcome SucceededWith(string message) => new(OperationStatus.Succeeded, null, message);
}

/// <summary>
/// Why an attempt broke, as the next one (or the abandonment) reports it: storage that kept failing after the client's own
/// retries is <c>StorageFailed</c>, anything else <c>InternalError</c>.
/// </summary>
internal sealed record OperationBreak(string Code, string Message)
{
    public static OperationBreak From(Exception e) => e switch
    {
        Azure.RequestFailedException { Status: > 0 } r => new(ErrorCodes.StorageFailed, OperationMessages.Format("StorageAnswered", r.Status, r.ErrorCode)),
        Azure.RequestFailedException or IOException => new(ErrorCodes.StorageFailed, OperationMessages.Format("StorageUnreachable", e.GetBaseException().Message)),
        _ => new(ErrorCodes.InternalError, e.GetBaseException().Message),
    };
}
