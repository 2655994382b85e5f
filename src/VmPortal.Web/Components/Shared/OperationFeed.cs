using System.Globalization;
using Microsoft.AspNetCore.Components;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;

namespace VmPortal.Web.Components.Shared;

/// <summary>
/// How a page follows operations live — pushed in-process, no polling. Renders nothing. It subscribes after the first
/// interactive render (a prerender never subscribes, so no listener outlives a prerendered page), hands each message to the
/// page on the page's renderer, sends whatever the page's handler throws to the page's error boundary instead of losing it,
/// and passes on only the kinds the page shows. With <see cref="VmShown"/> it also follows VM status changes of the VMs on
/// screen. Reloads asked for while one runs collapse into a single follow-up reload.
/// </summary>
public sealed class OperationFeed : ComponentBase, IDisposable
{
    private IDisposable? _operations;
    private IDisposable? _changes;
    private bool _reloadRunning;
    private bool _reloadAgain;
    private bool _disposed;
    private CultureInfo _culture = CultureInfo.CurrentCulture;
    private CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    [Inject] private OperationEvents Operations { get; set; } = null!;
    [Inject] private VmChanges VmChanges { get; set; } = null!;

    /// <summary>The operation kinds the page shows; every kind when null.</summary>
    [Parameter] public IReadOnlySet<string>? Kinds { get; set; }

    /// <summary>Only outcomes (succeeded, failed), not progress.</summary>
    [Parameter] public bool FinishedOnly { get; set; }

    /// <summary>Called with each update of a shown kind.</summary>
    [Parameter] public Func<OperationUpdate, Task>? OnOperation { get; set; }

    /// <summary>What <see cref="RequestReload"/> runs.</summary>
    [Parameter] public Func<Task>? OnReload { get; set; }

    /// <summary>Follows status changes of the VMs for which this is true (each asks for a reload).</summary>
    [Parameter] public Func<int, bool>? VmShown { get; set; }

    /// <summary>Reload once right after subscribing, for what moved between the page's first read and the subscription.</summary>
    [Parameter] public bool ReloadWhenSubscribed { get; set; }

    /// <summary>Whether the feed listens yet (it starts after the first interactive render).</summary>
    public bool IsSubscribed => _operations is not null;

    protected override void OnAfterRender(bool firstRender)
    {
        if (!firstRender || _disposed) return;
        // The circuit's language, read on its own call; messages arrive on the worker's thread, in the server's language.
        (_culture, _uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        _operations = Operations.Subscribe(update =>
        {
            if (Kinds is { } kinds && !kinds.Contains(update.Kind)) return;
            if (FinishedOnly && update.Status == OperationStatus.InProgress) return;
            if (OnOperation is { } handler) Post(() => handler(update));
        });
        if (VmShown is not null) _changes = VmChanges.Subscribe(id => { if (VmShown?.Invoke(id) == true) RequestReload(); });
        if (ReloadWhenSubscribed) RequestReload();
    }

    /// <summary>Reload soon; while a reload runs, at most one more is queued behind it.</summary>
    /// <remarks>Everything here runs on the page's renderer, one piece at a time, so the two flags need no lock.</remarks>
    public void RequestReload() => Post(async () =>
    {
        if (OnReload is not { } reload) return;
        if (_reloadRunning)
        {
            _reloadAgain = true;
            return;
        }
        _reloadRunning = true;
        try
        {
            do
            {
                _reloadAgain = false;
                await reload();
            }
            while (_reloadAgain && !_disposed);
        }
        finally { _reloadRunning = false; }
    });

    private void Post(Func<Task> work)
    {
        if (_disposed) return;
        _ = RunAsync();

        async Task RunAsync()
        {
            try
            {
                await InvokeAsync(async () =>
                {
                    if (_disposed) return;
                    // The page renders what the message changed in the reader's language, not the publisher's.
                    (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (_culture, _uiCulture);
                    try { await work(); }
                    catch (Exception e) { await DispatchExceptionAsync(e); }
                });
            }
            catch (ObjectDisposedException) { /* the circuit closed meanwhile */ }
            catch (InvalidOperationException) when (_disposed) { }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _operations?.Dispose();
        _changes?.Dispose();
    }
}
