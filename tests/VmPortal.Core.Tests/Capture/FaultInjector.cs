using VmPortal.Core.Capture;

namespace VmPortal.Core.Tests.Capture;

/// <summary>Makes a chosen capture step fail (or wait), the way a storage outage or a crash would.</summary>
public sealed class FaultInjector : ICaptureObserver
{
    public CaptureStep? FailAt { get; set; }
    public string? FailOnDisk { get; set; }
    public Func<Exception> Failure { get; set; } = () => new InvalidOperationException("injected failure");
    public TaskCompletionSource? HoldAt { get; set; }
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task BeforeAsync(CaptureStep step, string? diskName, CancellationToken cancellationToken)
    {
        if (step != FailAt || (FailOnDisk is not null && diskName != FailOnDisk)) return;
        Reached.TrySetResult();
        if (HoldAt is not null)
        {
            await HoldAt.Task.WaitAsync(cancellationToken);
            return;
        }
        throw Failure();
    }
}
