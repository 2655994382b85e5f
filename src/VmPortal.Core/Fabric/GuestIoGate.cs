using System.Collections.Concurrent;

namespace VmPortal.Core.Fabric;

/// <summary>
/// One gate per VM that every guest write passes through; a snapshot barrier (R11) closes it, so no
/// write lands on one disk between two disks' snapshots.
/// </summary>
public sealed class GuestIoGate
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    private SemaphoreSlim GateOf(int vmId) => _gates.GetOrAdd(vmId, _ => new SemaphoreSlim(1, 1));

    /// <summary>Runs a guest write unless the VM's writes are paused, in which case it waits.</summary>
    public async Task WriteAsync(int vmId, Func<Task> write, CancellationToken cancellationToken)
    {
        var gate = GateOf(vmId);
        await gate.WaitAsync(cancellationToken);
        try { await write(); }
        finally { gate.Release(); }
    }

    public async Task<IAsyncDisposable> PauseAsync(int vmId, CancellationToken cancellationToken)
    {
        var gate = GateOf(vmId);
        await gate.WaitAsync(cancellationToken);
        return new Resume(gate);
    }

    private sealed class Resume(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _done;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0) gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
