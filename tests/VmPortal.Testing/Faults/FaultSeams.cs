using Azure.Core.Pipeline;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace VmPortal.Testing.Faults;

/// <summary>The fault seams of one test host: storage, database, and the crash that silences both.</summary>
public sealed class FaultSeams
{
    public FaultSeams()
    {
        Crash = new CrashSwitch();
        Storage = new StorageFaults(Crash);
        Database = new DatabaseFaults(Crash);
    }

    public CrashSwitch Crash { get; }
    public StorageFaults Storage { get; }
    public DatabaseFaults Database { get; }

    /// <summary>Registers both seams with a host, where the portal picks up pipeline policies and interceptors.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton<HttpPipelinePolicy>(Storage);
        services.AddSingleton<IInterceptor>(Database);
    }

    /// <summary>
    /// Runs every operation handler inside its <see cref="OperationScope"/>, so rules can tell an operation's own requests
    /// and commands from the rest. Call after the portal's registrations (<c>CoreHost.DecorateServices</c>).
    /// </summary>
    public static void TraceOperations(IServiceCollection services) => TracedHandler.WrapAll(services);

    /// <summary>A new process on the same database and storage: alive, with no faults planned.</summary>
    public void Restart()
    {
        Storage.Clear();
        Database.Clear();
        Crash.Reset();
    }
}
