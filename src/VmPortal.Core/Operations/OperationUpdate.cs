using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Operations;

/// <summary>What listeners (the UI) are told whenever an operation moves.</summary>
public sealed record OperationUpdate(
    Guid Id, string Kind, string Target, OperationStatus Status, int Progress, string? StatusMessage,
    string? ErrorCode, string? ErrorMessage, int? VirtualMachineId)
{
    public static OperationUpdate From(Operation o) =>
        new(o.Id, o.Kind, o.Target, o.Status, o.Progress, o.StatusMessage, o.ErrorCode, o.ErrorMessage, o.VirtualMachineId);
}
