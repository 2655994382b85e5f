namespace VmPortal.Testing.Faults;

/// <summary>
/// A simulated crash of the portal process: once tripped, no storage request and no database command of that host gets
/// through any more — as if the process had died at that instant, before any <c>finally</c> or rollback could act.
/// </summary>
public sealed class CrashSwitch
{
    private TaskCompletionSource _tripped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsDown { get; private set; }

    /// <summary>Completes when the crash happens.</summary>
    public Task Tripped => _tripped.Task;

    public SimulatedCrashException Trip(string where)
    {
        IsDown = true;
        _tripped.TrySetResult();
        return new SimulatedCrashException(where);
    }

    /// <summary>For the next host on the same database and storage: the new process is alive.</summary>
    public void Reset()
    {
        IsDown = false;
        _tripped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public void ThrowIfDown(string what)
    {
        if (IsDown) throw new SimulatedCrashException($"{what} after the crash");
    }
}

public sealed class SimulatedCrashException(string where) : Exception($"Simulated crash: {where}");
