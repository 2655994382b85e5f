using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Operations;

/// <summary>What listeners (the UI) are told whenever an operation moves: its status, steps and disks, and whose it is.</summary>
public sealed record OperationUpdate(
    Guid Id, string Kind, string Target, OperationStatus Status, int Progress, string? StatusMessage,
    string? ErrorCode, string? ErrorMessage, int? VirtualMachineId)
{
    public string? RequestedBy { get; init; }
    public IReadOnlyList<OperationStep> Steps { get; init; } = [];
    public IReadOnlyList<DiskProgress> Disks { get; init; } = [];

    /// <summary>A snapshot: the lists are copies, so later moves of the operation do not change what was sent.</summary>
    public static OperationUpdate From(Operation o) =>
        new(o.Id, o.Kind, o.Target, o.Status, o.Progress, o.StatusMessage, o.ErrorCode, o.ErrorMessage, o.VirtualMachineId)
        {
            RequestedBy = o.RequestedBy,
            Steps = [.. o.Steps],
            Disks = [.. o.Disks],
        };
}
