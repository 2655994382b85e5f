using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Seeding;

namespace VmPortal.Testing;

/// <summary>
/// The whole application layer as the portal hosts it — workers, fabric, seeding — on a fresh database of the run's
/// provider (<see cref="TestDatabaseServer"/>: the portal's own SQLite file in its data folder, or a PostgreSQL database) and the run's Azurite (acct1 in West US, acct2 in East US), with the fabric a thousand times faster.
/// Everything it logs is kept, so tests can prove what never reaches a log.
/// </summary>
public class CoreHost : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly TestClock? _clock;
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-core-").FullName;
    private readonly bool _ownsDatabase;
    private IHost? _host;
    private PortalDatabase? _database;

    /// <param name="clock">The portal's clock, for a host whose tests need "today"; the host owns it. Without one, the system clock.</param>
    /// <param name="database">
    /// A database another host (another portal instance) already uses, to share it as instances do; its owner drops it.
    /// Without one, a fresh database of the run's provider that this host owns.
    /// </param>
    public CoreHost(AzuriteFixture azurite, TestClock? clock = null, PortalDatabase? database = null)
    {
        _azurite = azurite;
        _clock = clock;
        _database = database;
        _ownsDatabase = database is null;
    }

    /// <summary>The clock this host's portal runs on; only a host made with one has it.</summary>
    public TestClock Clock => _clock ?? throw new InvalidOperationException("This host runs on the system clock: give it a TestClock.");

    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The portal's data folder; it exists before the host first starts, as an installed portal's does.</summary>
    public string DataPath => _dataPath;
    public IServiceProvider Services => _host!.Services;

    /// <summary>The catalogue this host's portal uses; it outlives a stop and a start, as a real database does.</summary>
    public PortalDatabase Database => _database ?? throw new InvalidOperationException("The database is made when the host first starts.");

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync() => await StartAsync();

    /// <summary>Runs before the portal's own registrations, so a test's stand-in wins a TryAdd.</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    /// <summary>Runs after the portal's own registrations, to wrap what it registered.</summary>
    protected virtual void DecorateServices(IServiceCollection services) { }

    public async Task StartAsync()
    {
        // SQLite: the portal's default file in its data folder, as the run command has it.
        _database ??= TestDatabaseServer.Provider == DatabaseProvider.Sqlite
            ? new PortalDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dataPath, "vmportal.db")}")
            : await TestDatabaseServer.CreateAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:DatabaseProvider"] = _database.Provider.ToString(),
            ["ConnectionStrings:Portal"] = _database.ConnectionString,
            ["Portal:DataPath"] = _dataPath,
            ["Portal:SeedDemoData"] = "false",
            ["Fabric:Speed"] = "1000",
            // A configured first admin: otherwise every host prints a generated password to the test output.
            ["Portal:BootstrapAdmin:Password"] = "Core-Tests-Pa55!",
            ["Operations:Lease"] = "00:00:02",
            ["Operations:PollInterval"] = "00:00:00.100",
            ["Storage:Accounts:0:Name"] = AzuriteFixture.Primary.Name,
            ["Storage:Accounts:0:Location"] = "West US",
            ["Storage:Accounts:0:ConnectionString"] = _azurite.Process.ConnectionString(AzuriteFixture.Primary),
            ["Storage:Accounts:1:Name"] = AzuriteFixture.Secondary.Name,
            ["Storage:Accounts:1:Location"] = "East US",
            ["Storage:Accounts:1:ConnectionString"] = _azurite.Process.ConnectionString(AzuriteFixture.Secondary),
        });
        builder.Configuration.AddInMemoryCollection(Settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(new CollectingLoggerProvider(Logs));
        ConfigureServices(builder.Services);
        builder.Services.AddPortalCore(builder.Configuration, _dataPath);
        DecorateServices(builder.Services);
        if (_clock is not null) builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock));
        _host = builder.Build();
        await _host.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_host is null) return;
        await _host.StopAsync();
        _host.Dispose();
        _host = null;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public PortalDbContext Db() => Get<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    /// <summary>The same database while the host is stopped — to leave it as a crashed portal would.</summary>
    public PortalDbContext OfflineDb() => new(Database.Options());

    /// <summary>A VM as a deploy would leave it, in a cloud service of its own unless one is named.</summary>
    public Task<VirtualMachine> AddVmAsync(
        string name, OsType os = OsType.Linux, string size = "Medium", VmStatus status = VmStatus.ReadyRole,
        int[]? dataDiskLuns = null, string? service = null, string location = "West US") =>
        Get<DemoDataSeeder>().AddAsync(new DemoData.DemoVm(
            service ?? "svc-" + Guid.NewGuid().ToString("N")[..10], location, name,
            os == OsType.Windows ? "Windows-Server-2012-R2-Datacenter" : "Ubuntu-Server-14.04-LTS", size, status, "opsadmin",
            (dataDiskLuns ?? []).Select(l => new DemoData.DemoDisk(l, 10, HostCaching.None)).ToList()));

    public virtual async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDatabase && _database is { Provider: DatabaseProvider.PostgreSql }) await TestDatabaseServer.DropAsync(_database);
        _clock?.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
    }
}
