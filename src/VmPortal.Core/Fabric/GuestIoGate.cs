using System.Collections.Concurrent;
using VmPortal.Core.Cluster;

namespace VmPortal.Core.Fabric;

/// <summary>
/// One gate per VM that every guest write passes through; a snapshot barrier (R11) closes it, so no write lands on
/// one disk between two disks' snapshots. The gate holds across instances: the guest agent may run on one instance
/// while another captures the VM, so past this process's own gate each side also takes the VM's database lock.
/// </summary>
public sealed class GuestIoGate(DatabaseLocks locks)
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();

    private SemaphoreSlim GateOf(int vmId) => _gates.GetOrAdd(vmId, _ => new SemaphoreSlim(1, 1));

    /// <summary>Runs a guest write unless the VM's writes are paused, in which case it waits.</summary>
    public async Task WriteAsync(int vmId, Func<Task> write, CancellationToken cancellationToken)
    {
        await using var paused = await PauseAsync(vmId, cancellationToken);
        await write();
    }

    public async Task<IAsyncDisposable> PauseAsync(int vmId, CancellationToken cancellationToken)
    {
        var gate = GateOf(vmId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            return new Resume(gate, await locks.HoldAsync(LockSpace.GuestIo, vmId, cancellationToken));
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Resume(SemaphoreSlim gate, IAsyncDisposable held) : IAsyncDisposable
    {
        private int _done;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _done, 1) == 1) return;
            try { await held.DisposeAsync(); }
            finally { gate.Release(); }
        }
    }
}
