namespace VmPortal.Core.Catalog;

/// <summary>A durable, asynchronous job (capture, deploy, delete, …).</summary>
public sealed class Operation
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string Target { get; set; }
    public OperationStatus Status { get; set; }
    public int Progress { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public DateTimeOffset? CompletedTime { get; set; }
}
