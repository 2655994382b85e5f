using Microsoft.JSInterop;

namespace VmPortal.Web.Components.Shared;

/// <summary>
/// Moves the keyboard focus after the next render, for a page that replaces the control a keyboard user just used: ask with
/// <see cref="After"/>, call <see cref="ApplyAsync"/> from <c>OnAfterRenderAsync</c>. The first selector found on the page wins.
/// </summary>
public sealed class FocusMover(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;
    private string[]? _pending;

    public void After(params string[] selectors) => _pending = selectors;

    public async Task ApplyAsync()
    {
        if (_pending is not { } selectors) return;
        _pending = null;
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/focus.js");
        await _module.InvokeAsync<bool>("focusOn", [selectors]);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit went with the page.
        }
    }
}
