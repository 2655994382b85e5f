namespace VmPortal.Core.Capture;

/// <summary>The steps of a capture, in order.</summary>
public enum CaptureStep { Snapshot, Copy, Verify, Register, DeleteSourceDisks }

/// <summary>
/// Watches a capture step by step. The portal's observer does nothing; tests inject failures (a failed
/// copy, a storage outage, a killed process) at any step through it to prove R12.
/// </summary>
public interface ICaptureObserver
{
    Task BeforeAsync(CaptureStep step, string? diskName, CancellationToken cancellationToken);
}

public sealed class QuietCaptureObserver : ICaptureObserver
{
    public Task BeforeAsync(CaptureStep step, string? diskName, CancellationToken cancellationToken) => Task.CompletedTask;
}
