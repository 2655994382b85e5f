using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Security;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The real portal on Kestrel at a free port, with fresh data folders, a fresh database of the run's provider
/// (<see cref="TestDatabaseServer"/>; for SQLite the portal's default file) and its own embedded Azurite
/// (started and stopped by the portal itself, exactly as the run command does). It has one user per role
/// (<see cref="Credentials"/>) — the admin made by the portal's own bootstrap from configuration — and hands out
/// clients that carry a real bearer token from <c>POST /api/auth/token</c>. Everything it logs is kept in <see cref="Logs"/>.
/// Because its storage is its own, the storage health check must find nothing when the app is disposed: a problem there is a
/// leak (or a half-done operation) one of its class's tests left, unless the app says that kind is made on purpose
/// (<see cref="ProblemsMadeOnPurpose"/>).
/// </summary>
public class PortalApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Portal-Test-Pa55!";

    private readonly string _dataPath = Directory.CreateTempSubdirectory("vmportal-e2e-").FullName;
    private readonly int _azuritePort = FreePort.Next();
    private readonly Dictionary<string, string> _tokens = [];
    private readonly TestClock? _clock;
    private PortalDatabase? _database;
    private bool _serving;

    public PortalApp() : this(clock: null) { }

    /// <param name="clock">The portal's clock, for tests that need "today"; the app owns it. Without one, the system clock.</param>
    protected PortalApp(TestClock? clock)
    {
        _clock = clock;
        this.UseKestrel(0);
    }

    /// <summary>The clock this portal runs on; only an app made with one has it.</summary>
    public TestClock Clock => _clock ?? throw new InvalidOperationException("This portal runs on the system clock: use a fixed-day app.");

    /// <summary>The catalogue this portal uses: its default SQLite file in the data folder, or the run's PostgreSQL database.</summary>
    public PortalDatabase Database =>
        _database ?? new PortalDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(_dataPath, "vmportal.db")}");

    public Uri BaseAddress { get; private set; } = null!;
    public string DataPath => _dataPath;
    public ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>The seeded user of each role: <c>reader</c>, <c>operator</c>, <c>admin</c>, all with <see cref="Password"/>.</summary>
    public static (string UserName, string Password) Credentials(string role) => (role.ToLowerInvariant(), Password);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Portal:DataPath", _dataPath);
        if (_database is { Provider: DatabaseProvider.PostgreSql })
        {
            builder.UseSetting("Portal:DatabaseProvider", _database.Provider.ToString());
            builder.UseSetting("ConnectionStrings:Portal", _database.ConnectionString);
        }
        builder.UseSetting("Portal:SeedDemoData", "false");
        // Simulated minutes become milliseconds: a boot takes ~20 ms, a guest is ready ~120 ms later.
        builder.UseSetting("Fabric:Speed", "1000");
        builder.UseSetting("Storage:Azurite:Port", _azuritePort.ToString());
        builder.UseSetting("Storage:Azurite:ToolsPath", RepoRoot.Path);
        builder.UseSetting("Portal:BootstrapAdmin:UserName", Credentials(PortalRoles.Admin).UserName);
        builder.UseSetting("Portal:BootstrapAdmin:Password", Password);
        // Every test of a class signs in from 127.0.0.1; the limit itself has its own test.
        builder.UseSetting("Portal:TokenRateLimit", TokenRateLimit.ToString());
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(new CollectingLoggerProvider(Logs));
            logging.AddFilter<CollectingLoggerProvider>(null, LogLevel.Information);
        });
        // The portal's static assets live in the repository's top-level wwwroot/ (linked into the web project);
        // without this the test host serves them from the project's empty wwwroot/, as empty 200 answers.
        builder.UseWebRoot(Path.Combine(RepoRoot.Path, "wwwroot"));
        if (_clock is not null) builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
    }

    protected virtual int TokenRateLimit => 10_000;

    /// <summary>
    /// The kinds of storage problem the tests that use this app leave behind on purpose; every other problem the health
    /// check finds when the app is disposed fails the run.
    /// </summary>
    protected virtual IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } = new HashSet<StorageProblemKind>();

    public async ValueTask InitializeAsync()
    {
        // The schema is already there (its migrations run on empty databases in their own tests): the portal finds none to apply.
        if (TestDatabaseServer.Provider == DatabaseProvider.PostgreSql) _database = await TestDatabaseServer.CreateMigratedAsync();
        else await CoreHost.PortalsOwnSqliteFileAsync(_dataPath);
        StartServer();
        _serving = true;
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.First().Replace("[::]", "localhost").Replace("127.0.0.1", "localhost"));
        await CreateUserAsync(Credentials(PortalRoles.Reader).UserName, PortalRoles.Reader);
        await CreateUserAsync(Credentials(PortalRoles.Operator).UserName, PortalRoles.Operator);
        foreach (var role in PortalRoles.All) _tokens[role] = await TokenAsync(Credentials(role).UserName, Password);
    }

    /// <summary>A user made straight through Identity, as the admin page would, with a known password.</summary>
    public async Task CreateUserAsync(string userName, string role, string password = Password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = new IdentityUser(userName);
        var created = await users.CreateAsync(user, password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    /// <summary>A token from <c>POST /api/auth/token</c>, as any API client gets one.</summary>
    public async Task<string> TokenAsync(string userName, string password)
    {
        using var http = AnonymousClient();
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName, password });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"No token for {userName}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A client signed in (bearer token) as the seeded user of <paramref name="role"/>.</summary>
    public HttpClient CreateClient(string role) => ClientWithToken(_tokens[role]);

    public HttpClient AdminClient() => CreateClient(PortalRoles.Admin);

    public HttpClient ClientWithToken(string token)
    {
        var http = AnonymousClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public HttpClient AnonymousClient() => new() { BaseAddress = BaseAddress };

    /// <summary>
    /// Deletes blobs a test made that the portal never took (a refused registration's) or let go of (a delete asked to keep
    /// them), once the test has checked them: its class's estate ends with nothing the health check calls a problem.
    /// </summary>
    public async Task DeleteBlobsAsync(params IEnumerable<Uri> blobs)
    {
        var store = Services.GetRequiredService<DiskStore>();
        foreach (var blob in blobs)
            Assert.True((await store.Resolve(blob).Blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots)).Value, $"{blob} was not there to delete");
    }

    public override async ValueTask DisposeAsync()
    {
        var problems = _serving ? await ProblemsLeftBehind.FindAsync(Services.GetRequiredService<StorageHealthCheck>(), ProblemsMadeOnPurpose) : [];
        await base.DisposeAsync();
        if (_database is not null) await TestDatabaseServer.DropAsync(_database);
        _clock?.Dispose();
        try { Directory.Delete(_dataPath, recursive: true); } catch (IOException) { }
        ProblemsLeftBehind.ThrowIfAny(problems, GetType().Name);
    }
}
