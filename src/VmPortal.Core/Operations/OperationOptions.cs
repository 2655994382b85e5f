namespace VmPortal.Core.Operations;

/// <summary><c>Operations</c> configuration: how the worker claims and keeps work.</summary>
public sealed class OperationOptions
{
    /// <summary>How long a claim lasts without renewal; a crashed portal's work is picked up after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for work queued by another portal instance sharing the database.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxParallel { get; set; } = 8;

    /// <summary>
    /// How many times an operation may break its worker (the process died, or the attempt failed in a way the handler did
    /// not foresee) before it is rolled back and fails with <c>OperationAbandoned</c>.
    /// </summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long finished operations are kept; their audit entries stay.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}
