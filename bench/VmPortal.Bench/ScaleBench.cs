using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Dashboard;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Hosting;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Bench;

/// <summary>
/// The list routes and the dashboard on a catalogue of 100, 10,000 and 100,000 VMs (with disks) and 25, 2,000 and 20,000
/// images, on one provider: the application-layer call behind each route, each page (first, middle, last, filtered,
/// searched, sorted) timed as the median of five after a warm-up, and its ratio to the 100-VM time. The catalogue grows
/// in place between sizes. Storage calls go to a real Azurite; the seeded rows' blobs do not exist.
/// </summary>
public sealed class ScaleBench(string connectionString, string accountName)
{
    public static readonly (int Vms, int Images)[] Sizes = [(100, 25), (10_000, 2_000), (100_000, 20_000)];
    private const int Take = 50;
    private static readonly TimeSpan StorageBudget = TimeSpan.FromSeconds(60);

    public async Task RunAsync(DatabaseProvider provider, string? postgresServer)
    {
        var dataPath = Directory.CreateTempSubdirectory("vmportal-scale-bench-").FullName;
        var (database, drop) = await DatabaseAsync(provider, postgresServer, dataPath);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DataPath"] = dataPath,
            ["Portal:SeedDemoData"] = "false",
            ["Portal:DatabaseProvider"] = provider.ToString(),
            ["ConnectionStrings:Portal"] = database,
            ["Storage:Accounts:0:Name"] = accountName,
            ["Storage:Accounts:0:Location"] = "West US",
            ["Storage:Accounts:0:ConnectionString"] = connectionString,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddPortalCore(builder.Configuration, dataPath);
        // Not started: no worker or guest agent runs beside the measurements; start-up's preparation alone.
        using var host = builder.Build();
        var services = host.Services;
        await services.GetRequiredService<PortalStartup>().PrepareAsync();
        await using (var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            _publicImages = await db.Images.CountAsync();

        var estate = new ScaleEstate(services.GetRequiredService<IDbContextFactory<PortalDbContext>>(),
            services.GetRequiredService<BlobAccounts>().All[0].BlobEndpoint.AbsoluteUri.TrimEnd('/'));
        var results = new List<(string Request, List<string> Times, double First, double Last)>();
        var columns = new List<string>();
        foreach (var (vms, images) in Sizes)
        {
            var seeding = Stopwatch.StartNew();
            await estate.GrowToAsync(vms, images);
            // The host is not started, so the upkeep round a running portal runs once a minute (and at start-up) is run here
            // by hand, and on PostgreSQL the VACUUM and ANALYZE its autovacuum runs within a minute of a bulk load (an insert-only
            // table is vacuumed too, which marks its pages all-visible so an index-only scan reads no row): the lists are then
            // measured as they read a minute after the last change.
            var dbFactory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            await CatalogueUpkeep.RunAsync(dbFactory, CancellationToken.None);
            if (provider == DatabaseProvider.PostgreSql)
            {
                await using var db = await dbFactory.CreateDbContextAsync();
                await db.Database.ExecuteSqlRawAsync("VACUUM (ANALYZE)");
            }
            Console.Error.WriteLine($"[{provider}] {vms:N0} VMs and {images:N0} user images seeded in {seeding.Elapsed.TotalSeconds:0.0} s");
            columns.Add($"{vms:N0} VMs / {images:N0} images");
            var row = 0;
            foreach (var (request, run, once) in Requests(services, vms, images))
            {
                var time = once ? await OnceAsync(run) : await MedianAsync(run);
                Console.Error.WriteLine($"[{provider}] {vms:N0} VMs: {request}: {(time is { } ms ? Ms(ms) : "over budget")}");
                if (results.Count <= row) results.Add((request, [], time ?? double.NaN, 0));
                var r = results[row];
                r.Times.Add(time is { } t ? Ms(t) : $"> {StorageBudget.TotalSeconds:0} s");
                results[row] = (r.Request, r.Times, r.First, time ?? double.PositiveInfinity);
                row++;
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{provider}:");
        Console.WriteLine();
        Console.WriteLine($"| request | {string.Join(" | ", columns)} | 100k ÷ 100 |");
        Console.WriteLine($"|---|{string.Concat(columns.Select(_ => "---:|"))}---:|");
        foreach (var (request, times, first, last) in results)
            Console.WriteLine($"| {request} | {string.Join(" | ", times)} | {Ratio(first, last)} |");
        await drop();
        try { Directory.Delete(dataPath, recursive: true); } catch (IOException) { }
    }

    private IEnumerable<(string Request, Func<CancellationToken, Task> Run, bool Once)> Requests(IServiceProvider services, int vms, int images)
    {
        var vmQueries = services.GetRequiredService<VmQueries>();
        var imageQueries = services.GetRequiredService<ImageQueries>();
        var disks = services.GetRequiredService<DiskService>();
        var summary = services.GetRequiredService<CatalogueSummaryService>();
        var storage = services.GetRequiredService<StorageUsageQueries>();
        var diskCount = vms + (vms + 1) / 2;
        var allImages = images + _publicImages;

        yield return ("`GET /api/vms?take=50` first page", ct => vmQueries.ListDetailsAsync(new VmListQuery(Take: Take), ct), false);
        yield return ("`GET /api/vms` middle page", ct => vmQueries.ListDetailsAsync(new VmListQuery(Skip: vms / 2, Take: Take), ct), false);
        yield return ("`GET /api/vms` last page", ct => vmQueries.ListDetailsAsync(new VmListQuery(Skip: vms - Take, Take: Take), ct), false);
        yield return ("`GET /api/vms?continuationToken=…` middle page", Continued(
            ct => vmQueries.ListDetailsAsync(new VmListQuery(Skip: vms / 2 - Take, Take: Take), ct),
            (after, ct) => vmQueries.ListDetailsAsync(new VmListQuery(Take: Take, After: after), ct), 2), false);
        yield return ("`GET /api/vms?continuationToken=…` last page", Continued(
            ct => vmQueries.ListDetailsAsync(new VmListQuery(Skip: vms - 2 * Take, Take: Take), ct),
            (after, ct) => vmQueries.ListDetailsAsync(new VmListQuery(Take: Take, After: after), ct), 2), false);
        yield return ("`GET /api/vms?status=StoppedVM`", ct => vmQueries.ListDetailsAsync(new VmListQuery(Status: VmStatus.StoppedVM, Take: Take), ct), false);
        yield return ("`GET /api/vms?search=vm00004`", ct => vmQueries.ListDetailsAsync(new VmListQuery(Search: "vm00004", Take: Take), ct), false);
        yield return ("VM list page, middle page reached by its grid's Next", Continued(
            ct => vmQueries.ListAsync(new VmListQuery(Skip: vms / 2 - Take, Take: Take), ct),
            (after, ct) => vmQueries.ListAsync(new VmListQuery(Take: Take, After: after), ct), 2), false);
        yield return ("VM list page, last page (its grid's Last)", ct => vmQueries.ListAsync(new VmListQuery(Take: Take, FromEnd: true), ct), false);
        yield return ("VM list page sorted by status, descending", ct => vmQueries.ListAsync(new VmListQuery(Take: Take, Sort: VmSort.Status, Descending: true), ct), false);
        yield return ("VM list page sorted by status, middle page reached by Next", Continued(
            ct => vmQueries.ListAsync(new VmListQuery(Skip: vms / 2 - Take, Take: Take, Sort: VmSort.Status, Descending: true), ct),
            (after, ct) => vmQueries.ListAsync(new VmListQuery(Take: Take, Sort: VmSort.Status, Descending: true, After: after), ct), 2), false);
        yield return ("VM list page sorted by name, last page (its grid's Last)", ct => vmQueries.ListAsync(new VmListQuery(Take: Take, Sort: VmSort.Name, FromEnd: true), ct), false);
        yield return ("VM list page sorted by location, middle page reached by Next", Continued(
            ct => vmQueries.ListAsync(new VmListQuery(Skip: vms / 2 - Take, Take: Take, Sort: VmSort.Location), ct),
            (after, ct) => vmQueries.ListAsync(new VmListQuery(Take: Take, Sort: VmSort.Location, After: after), ct), 2), false);
        yield return ("VM list page sorted by data disks, descending, last page (its grid's Last)",
            ct => vmQueries.ListAsync(new VmListQuery(Take: Take, Sort: VmSort.DataDisks, Descending: true, FromEnd: true), ct), false);
        yield return ("`GET /api/images?take=50` first page", ct => imageQueries.ListAsync(new ImageListQuery(), 0, Take, ct), false);
        yield return ("`GET /api/images` middle page", ct => imageQueries.ListAsync(new ImageListQuery(), allImages / 2, Take, ct), false);
        yield return ("`GET /api/images` last page", ct => imageQueries.ListAsync(new ImageListQuery(), Math.Max(0, allImages - Take), Take, ct), false);
        yield return ("`GET /api/images?continuationToken=…` middle page", Continued(
            async ct => (await imageQueries.ListAsync(new ImageListQuery(), Math.Max(0, allImages / 2 - Take), Take, ct)).Value,
            async (after, ct) => (await imageQueries.ListAsync(new ImageListQuery(), null, Take, after, ct)).Value), false);
        yield return ("`GET /api/images?continuationToken=…` last page", Continued(
            async ct => (await imageQueries.ListAsync(new ImageListQuery(), Math.Max(0, allImages - 2 * Take), Take, ct)).Value,
            async (after, ct) => (await imageQueries.ListAsync(new ImageListQuery(), null, Take, after, ct)).Value), false);
        yield return ("`GET /api/images?os=Linux&kind=VMImage`", ct => imageQueries.ListAsync(new ImageListQuery(Kind: "VMImage", Os: "Linux"), 0, Take, ct), false);
        yield return ("`GET /api/images?search=build 1234`", ct => imageQueries.ListAsync(new ImageListQuery(Search: "build 1234"), 0, Take, ct), false);
        yield return ("`GET /api/disks?take=50` first page", ct => disks.ListAsync(0, Take, ct), false);
        yield return ("`GET /api/disks` last page", ct => disks.ListAsync(diskCount - Take, Take, ct), false);
        yield return ("`GET /api/disks?continuationToken=…` last page", Continued(
            async ct => (await disks.ListAsync(diskCount - 2 * Take, Take, ct)).Value,
            async (after, ct) => (await disks.ListAsync(null, Take, after, ct)).Value), false);
        yield return ("dashboard count cards (summary + VMs by status)", async ct =>
        {
            await summary.GetAsync(ct);
            await summary.VmsByStatusAsync(ct);
        }, false);
        yield return ("dashboard storage card", ct => storage.PerAccountAsync(ct), false);
        yield return ("storage totals, measured in the background (one run)", ct => services.GetRequiredService<StorageTotalsService>().MeasureAsync(ct), true);
    }

    /// <summary>
    /// A page reached by continuation token: the token comes from the page before it, read once (in the warm-up, which the
    /// median leaves out); every timed run is then the token's page alone, as a client paging on asks for it.
    /// </summary>
    private static Func<CancellationToken, Task> Continued<T>(
        Func<CancellationToken, Task<Page<T>?>> before, Func<string?, CancellationToken, Task<Page<T>?>> page)
    {
        string? token = null;
        return async ct =>
        {
            // A list of one page (the gallery at 100 VMs) has no page to continue to: that page is then its first.
            token ??= (await before(ct))?.ContinuationToken ?? "";
            if (token.Length == 0) await before(ct);
            else if ((await page(token, ct))?.Items.Count is null or 0) throw new InvalidOperationException("The continued page is empty.");
        };
    }

    private static Func<CancellationToken, Task> Continued<T>(
        Func<CancellationToken, Task<Page<T>>> before, Func<Continuation, CancellationToken, Task<Page<T>>> page, int keys) =>
        Continued<T>(async ct => await before(ct), async (token, ct) => await page(Continuation.Parse(token, null, keys).Value!, ct));

    /// <summary>The public images start-up registers beside the seeded user images.</summary>
    private int _publicImages;

    /// <summary>Median of five after a warm-up; a request whose warm-up alone takes seconds is reported by that one run.</summary>
    private static async Task<double?> MedianAsync(Func<CancellationToken, Task> run)
    {
        var warmUp = Stopwatch.StartNew();
        await run(CancellationToken.None);
        if (warmUp.Elapsed > TimeSpan.FromSeconds(3)) return warmUp.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            await run(CancellationToken.None);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[2];
    }

    private static async Task<double?> OnceAsync(Func<CancellationToken, Task> run)
    {
        using var budget = new CancellationTokenSource(StorageBudget);
        var watch = Stopwatch.StartNew();
        try
        {
            await run(budget.Token);
            return watch.Elapsed.TotalMilliseconds;
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return null;
        }
    }

    private static string Ms(double ms) => ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:0.0} ms");

    private static string Ratio(double first, double last) => double.IsInfinity(last)
        ? "—"
        : string.Create(CultureInfo.InvariantCulture, $"{last / first:0.0}×");

    private static async Task<(string ConnectionString, Func<Task> Drop)> DatabaseAsync(DatabaseProvider provider, string? server, string dataPath)
    {
        if (provider == DatabaseProvider.Sqlite)
            return ($"Data Source={Path.Combine(dataPath, "bench.db")}", () => Task.CompletedTask);
        var name = $"vmportal_bench_{Guid.NewGuid():N}";
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return (connection, DropAsync);

        async Task DropAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
