namespace VmPortal.Core.Operations;

/// <summary>Every move of every operation (progress, outcome), for live pages.</summary>
public sealed class OperationEvents : Broadcast<OperationUpdate>;
