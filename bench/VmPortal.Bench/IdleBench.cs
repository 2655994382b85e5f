using System.Data.Common;
using System.Diagnostics;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Hosting;
using VmPortal.Core.Seeding;

namespace VmPortal.Bench;

/// <summary>
/// Idle CPU: the portal's application layer with every background service running (operation worker, guest agent,
/// retention, storage totals, instance registry) at the fabric's real speed, over running VMs with real disks in the
/// bench's Azurite. Nobody asks anything for a minute; the CPU time the portal's process and Azurite's spend in it is
/// what idling costs, and the storage requests and database commands counted meanwhile say where it goes.
/// </summary>
public sealed class IdleBench(int azuriteProcessId, string connectionString, string accountName)
{
    public sealed record Result(int Vms, TimeSpan Window, TimeSpan Portal, TimeSpan Azurite, int StorageRequests, int DatabaseCommands);

    public async Task<Result> MeasureAsync(int vms, TimeSpan settle, TimeSpan window)
    {
        var dataPath = Directory.CreateTempSubdirectory("vmportal-idle-bench-").FullName;
        var storage = new CountingPolicy();
        var database = new CountingInterceptor();
        using var host = BenchHost.Build(connectionString, accountName, dataPath, fabricSpeed: 1, services =>
        {
            services.AddSingleton<HttpPipelinePolicy>(storage);
            services.AddSingleton<IInterceptor>(database);
        });
        await host.Services.GetRequiredService<PortalStartup>().PrepareAsync();
        var seeder = host.Services.GetRequiredService<DemoDataSeeder>();
        var seeding = Stopwatch.StartNew();
        // Fifty VMs a cloud service, each a running Linux guest with one OS disk, as a deploy leaves it. One task a cloud
        // service: the first VM of a service creates it, so two at once would race for its name.
        const int PerService = 50;
        await Parallel.ForEachAsync(Enumerable.Range(0, (vms + PerService - 1) / PerService), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (service, ct) =>
        {
            for (var i = service * PerService; i < Math.Min(vms, (service + 1) * PerService); i++)
                await seeder.AddAsync(new DemoData.DemoVm($"idle{service:D3}", "West US", $"vm{i:D4}", "Ubuntu-Server-14.04-LTS", "Small",
                    VmStatus.ReadyRole, "opsadmin", []), ct);
        });
        Console.Error.WriteLine($"[idle] {vms:N0} running VMs seeded in {seeding.Elapsed.TotalSeconds:0.0} s");

        await host.StartAsync();
        await Task.Delay(settle);
        using var azurite = Process.GetProcessById(azuriteProcessId);
        using var portal = Process.GetCurrentProcess();
        azurite.Refresh();
        portal.Refresh();
        var (portalBefore, azuriteBefore) = (portal.TotalProcessorTime, azurite.TotalProcessorTime);
        var (requestsBefore, commandsBefore) = (storage.Count, database.Count);
        var watch = Stopwatch.StartNew();
        await Task.Delay(window);
        azurite.Refresh();
        portal.Refresh();
        var result = new Result(vms, watch.Elapsed, portal.TotalProcessorTime - portalBefore, azurite.TotalProcessorTime - azuriteBefore,
            storage.Count - requestsBefore, database.Count - commandsBefore);
        await host.StopAsync();
        try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
        return result;
    }

    /// <summary>Counts every request the portal sends to storage.</summary>
    private sealed class CountingPolicy : HttpPipelineSynchronousPolicy
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);
        public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
    }

    /// <summary>Counts every command the portal sends to its database.</summary>
    private sealed class CountingInterceptor : DbCommandInterceptor
    {
        private int _count;
        public int Count => Volatile.Read(ref _count);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _count);
            return ValueTask.FromResult(result);
        }
    }
}
