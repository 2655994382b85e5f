using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>
/// A page's live view of VMs: operation progress and status changes, pushed in-process (no polling).
/// Each message is marshalled onto the component's renderer with the component's (its
/// <c>InvokeAsync</c>); reloads asked for while one runs collapse into a single follow-up reload.
/// Dispose it with the page.
/// </summary>
public sealed class VmLiveFeed : IDisposable
{
    private readonly IDisposable _operations;
    private readonly IDisposable _changes;
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<Task> _reload;
    private readonly SemaphoreSlim _reloading = new(1, 1);
    private int _pending;
    private bool _disposed;

    public VmLiveFeed(
        OperationEvents operations, VmChanges changes, Func<Func<Task>, Task> invoke, Func<Task> reload,
        Func<OperationUpdate, Task> onOperation, Func<int, bool> isShown)
    {
        _invoke = invoke;
        _reload = reload;
        _operations = operations.Subscribe(update => Post(() => onOperation(update)));
        _changes = changes.Subscribe(vmId => { if (isShown(vmId)) RequestReload(); });
    }

    /// <summary>Reload soon; while a reload runs, at most one more is queued behind it.</summary>
    public void RequestReload() => Post(async () =>
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1) return;
        await _reloading.WaitAsync();
        try
        {
            Interlocked.Exchange(ref _pending, 0);
            if (!_disposed) await _reload();
        }
        finally { _reloading.Release(); }
    });

    private void Post(Func<Task> work)
    {
        if (_disposed) return;
        _ = Run();

        async Task Run()
        {
            try { await _invoke(work); }
            catch (ObjectDisposedException) { /* the circuit closed meanwhile */ }
            catch (InvalidOperationException) when (_disposed) { }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _operations.Dispose();
        _changes.Dispose();
    }
}
