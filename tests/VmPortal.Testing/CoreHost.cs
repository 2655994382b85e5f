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
using VmPortal.Core.StorageHealth;

namespace VmPortal.Testing;

/// <summary>
/// The whole application layer as the portal hosts it — workers, fabric, seeding — on a fresh database of the run's
/// provider (<see cref="TestDatabaseServer"/>: the portal's own SQLite file in its data folder, or a PostgreSQL database) and two storage accounts of its own on the run's Azurite (<see cref="HostAccounts"/>: one in West US, one in East US),
/// with the fabric a thousand times faster. Everything it logs is kept, so tests can prove what never reaches a log.
/// Because its storage is its own, the storage health check must find nothing when the host is disposed: a problem there is
/// a leak (or a half-done operation) and fails the test, unless the class says it makes that kind on purpose
/// (<see cref="ProblemsMadeOnPurpose"/>).
/// </summary>
public class CoreHost : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite;
    private readonly TestClock? _clock;
    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-core-").FullName;
    private readonly bool _ownsDatabase;
    private readonly bool _ownsStorage;
    private HostAccounts? _storage;
    private IHost? _host;
    private bool _running;
    private PortalDatabase? _database;

    /// <param name="clock">The portal's clock, for a host whose tests need "today"; the host owns it. Without one, the system clock.</param>
    /// <param name="database">
    /// A database another host (another portal instance) already uses, to share it as instances do; its owner drops it.
    /// Without one, a fresh database of the run's provider that this host owns.
    /// </param>
    /// <param name="storage">Accounts another host (another instance of the same portal) uses; its owner gives them back.</param>
    public CoreHost(AzuriteFixture azurite, TestClock? clock = null, PortalDatabase? database = null, HostAccounts? storage = null)
    {
        _azurite = azurite;
        _clock = clock;
        _database = database;
        _ownsDatabase = database is null;
        _storage = storage;
        _ownsStorage = storage is null;
    }

    /// <summary>This host's storage accounts; they are leased when the host first starts.</summary>
    public HostAccounts Storage => _storage ?? throw new InvalidOperationException("The storage accounts are leased when the host first starts.");

    /// <summary>
    /// The kinds of storage problem this class's tests leave behind on purpose (a crash they do not recover from, say);
    /// every other problem the health check finds when the host is disposed fails the test.
    /// </summary>
    protected virtual IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } = new HashSet<StorageProblemKind>();

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
        // SQLite: the portal's default file in its data folder, as the run command has it. Either way the schema is
        // already there (its migrations run on empty databases in their own tests), so the portal finds none to apply.
        _database ??= TestDatabaseServer.Provider == DatabaseProvider.Sqlite
            ? await PortalsOwnSqliteFileAsync(_dataPath)
            : await TestDatabaseServer.CreateMigratedAsync();
        _storage ??= await _azurite.LeaseAccountsAsync();
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
        });
        builder.Configuration.AddInMemoryCollection(_storage.Settings);
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
        _running = true;
    }

    /// <summary>The portal's default database, <c>vmportal.db</c> in <paramref name="dataPath"/>, with the portal's schema in it.</summary>
    public static async Task<PortalDatabase> PortalsOwnSqliteFileAsync(string dataPath)
    {
        var file = Path.Combine(dataPath, "vmportal.db");
        await TestDatabaseServer.CreateMigratedAsync(DatabaseProvider.Sqlite, file);
        return new PortalDatabase(DatabaseProvider.Sqlite, $"Data Source={file}");
    }

    public async Task StopAsync()
    {
        if (_host is null) return;
        _running = false;
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
        var problems = _ownsStorage && _running ? await ProblemsLeftBehind.FindAsync(Get<StorageHealthCheck>(), ProblemsMadeOnPurpose) : [];
        await StopAsync();
        if (_ownsStorage && _storage is not null) await _storage.DisposeAsync();
        if (_ownsDatabase && _database is { Provider: DatabaseProvider.PostgreSql }) await TestDatabaseServer.DropAsync(_database);
        _clock?.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
        GC.SuppressFinalize(this);
        ProblemsLeftBehind.ThrowIfAny(problems, GetType().Name);
    }
}
