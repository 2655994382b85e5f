using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Operations;

namespace VmPortal.Testing.Faults;

/// <summary>
/// Which operation the code running now works for, as the test's seams see it: every storage request and database command
/// an operation's handler makes — in whatever task it makes them — runs inside its scope; the worker's own bookkeeping,
/// the guest agent's heartbeats and the test's own reads do not. Set by <see cref="TracedHandler"/>, which the test host
/// wraps around each handler (<see cref="FaultSeams.TraceOperations"/>).
/// </summary>
public static class OperationScope
{
    private static readonly AsyncLocal<Guid?> Current = new();
    private static readonly AsyncLocal<bool> CurrentlyAbandoning = new();

    /// <summary>The operation whose handler is running on this flow, if any.</summary>
    public static Guid? Operation => Current.Value;

    /// <summary>True while that handler undoes an operation the worker gave up on (its <c>AbandonAsync</c>).</summary>
    public static bool Abandoning => CurrentlyAbandoning.Value;

    internal static IDisposable Enter(Guid operation, bool abandoning = false)
    {
        var outer = (Current.Value, CurrentlyAbandoning.Value);
        Current.Value = operation;
        CurrentlyAbandoning.Value = abandoning;
        return new Exit(outer);
    }

    private sealed class Exit((Guid? Operation, bool Abandoning) outer) : IDisposable
    {
        public void Dispose() => (Current.Value, CurrentlyAbandoning.Value) = outer;
    }
}

/// <summary>A handler as the portal registered it, run inside its operation's <see cref="OperationScope"/>.</summary>
public sealed class TracedHandler(IOperationHandler inner) : IOperationHandler
{
    public string Kind => inner.Kind;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        using (OperationScope.Enter(context.Id)) await inner.RunAsync(context, ct);
    }

    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        using (OperationScope.Enter(context.Id, abandoning: true)) return await inner.AbandonAsync(context, ct);
    }

    /// <summary>Wraps every handler the portal registered; call after the portal's registrations.</summary>
    internal static void WrapAll(IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var registered = services[i];
            if (registered.ServiceType != typeof(IOperationHandler) || registered.ImplementationType is not { } type) continue;
            services[i] = ServiceDescriptor.Describe(typeof(IOperationHandler),
                sp => new TracedHandler((IOperationHandler)ActivatorUtilities.CreateInstance(sp, type)), registered.Lifetime);
        }
    }
}
