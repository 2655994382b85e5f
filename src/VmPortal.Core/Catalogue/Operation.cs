namespace VmPortal.Core.Catalogue;

/// <summary>A durable, asynchronous job (capture, deploy, delete, …): claimed with a lease, resumable after a restart.</summary>
public sealed class Operation
{
    private string? _imageName;

    public Guid Id { get; set; }
    public required string Kind { get; set; }
    /// <summary>What it acts on, e.g. <c>cloud-services/shop/vms/web1</c> or <c>images/web-2026</c>.</summary>
    public required string Target { get; set; }
    public OperationStatus Status { get; set; }
    public int Progress { get; set; }
    /// <summary>A short sentence of what it is doing now ("Copying data disk LUN 1").</summary>
    public string? StatusMessage { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public string? RequestedBy { get; set; }
    /// <summary>The requester's UI culture (<c>zh-CN</c>, <c>en</c>): the language the operation writes its messages in.</summary>
    public string? Culture { get; set; }
    /// <summary>The request, as JSON; never holds a password in plain text.</summary>
    public string? Payload { get; set; }
    /// <summary>The handler's own record of how far it got, as JSON, so a restarted portal can resume or roll back.</summary>
    public string? State { get; set; }
    public int? VirtualMachineId { get; set; }
    /// <summary>The image the operation captures into or deploys from: it cannot be deleted meanwhile (R17, ImageInUse).</summary>
    public string? ImageName
    {
        get => _imageName;
        set { _imageName = value; NormalizedImageName = value?.ToUpperInvariant(); }
    }

    /// <summary>The upper-cased <see cref="ImageName"/>, to find the operations on an image whatever the case.</summary>
    public string? NormalizedImageName { get; private set; }
    /// <summary>What the requester should know although the work goes ahead (a deploy from a deprecated image).</summary>
    public List<string> Warnings { get; set; } = [];
    /// <summary>The steps it went through, with their times, for the operation's page.</summary>
    public List<OperationStep> Steps { get; set; } = [];
    /// <summary>The disks a capture or deploy copies, each with its bytes and phase.</summary>
    public List<DiskProgress> Disks { get; set; } = [];
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseExpires { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedTime { get; set; }
    public DateTimeOffset? StartedTime { get; set; }
    public DateTimeOffset? CompletedTime { get; set; }
}
