using Azure.Storage.Blobs;
using VmPortal.Core.Storage;

namespace VmPortal.Testing;

/// <summary>
/// A real Azurite for the test run: started from the repo's node_modules on a free port with a throw-away
/// data folder, hosting two storage accounts for tests that use Azurite directly and a pool of account pairs that portal
/// hosts lease (<see cref="LeaseAccountsAsync"/>) so each has storage of its own, stopped by its process id. Fails loudly when Azurite is
/// not installed (the test command installs it).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("vmportal-azurite-").FullName;
    private AzuriteProcess? _process;

    /// <summary>More pairs than hosts run at once in one test assembly (its classes share one collection and run in turn).</summary>
    private const int PoolSize = 12;

    private static readonly (AzuriteAccount West, AzuriteAccount East)[] Pairs = Enumerable.Range(1, PoolSize)
        .Select(i => (PoolAccount($"host{i:D2}w"), PoolAccount($"host{i:D2}e"))).ToArray();

    private readonly SemaphoreSlim _free = new(PoolSize, PoolSize);
    private readonly System.Collections.Concurrent.ConcurrentQueue<(AzuriteAccount West, AzuriteAccount East)> _pool = new(Pairs);

    public static readonly AzuriteAccount Primary = new("acct1", Convert.ToBase64String("primary-test-key-0123456789abcdef"u8.ToArray()));
    public static readonly AzuriteAccount Secondary = new("acct2", Convert.ToBase64String("secondary-test-key-0123456789abcd"u8.ToArray()));

    public AzuriteProcess Process => _process ?? throw new InvalidOperationException("Azurite is not running.");

    public async ValueTask InitializeAsync()
    {
        var main = System.IO.Path.Combine(RepoRoot.Path, "node_modules/azurite/dist/src/blob/main.js");
        if (!File.Exists(main))
            throw new InvalidOperationException($"Azurite is not installed at {main}; run 'npm ci' in the repository (the test command does).");
        _process = await AzuriteProcess.StartAsync(main, "127.0.0.1", FreePort.Next(), _dataDir,
            [Primary, Secondary, .. Pairs.SelectMany(p => new[] { p.West, p.East })]);
    }

    /// <summary>A storage account on this Azurite, as the portal sees one.</summary>
    public BlobAccount Account(AzuriteAccount account, string location = "West US") =>
        new(account.Name, location, Process.ConnectionString(account), BlobAccounts.ClientOptions());

    /// <summary>
    /// A pair of accounts (West US, East US) no other host uses until the lease is disposed, which empties them. Waits
    /// for one to come back when every pair is leased, and fails loudly if none does: a host that never gave its back.
    /// </summary>
    public async Task<HostAccounts> LeaseAccountsAsync()
    {
        if (!await _free.WaitAsync(TimeSpan.FromMinutes(2)))
            throw new InvalidOperationException($"All {PoolSize} storage account pairs are leased: a host was not disposed.");
        if (!_pool.TryDequeue(out var pair)) throw new InvalidOperationException("The account pool lost a pair.");
        return new HostAccounts(this, pair.West, pair.East, giveBack: lease =>
        {
            _pool.Enqueue((lease.West, lease.East));
            _free.Release();
        });
    }

    private static AzuriteAccount PoolAccount(string name) =>
        new(name, Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"{name}-test-key-0123456789abcdef")));

    /// <summary>A fresh, empty container so a test class owns its blobs.</summary>
    public async Task<BlobContainerClient> NewContainerAsync(AzuriteAccount? account = null)
    {
        var container = Account(account ?? Primary).Service.GetBlobContainerClient("t" + Guid.NewGuid().ToString("N")[..20]);
        await container.CreateAsync();
        return container;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>
/// One Azurite for every test class of an assembly that joins with <c>[Collection(typeof(AzuriteCollection))]</c>:
/// xunit v3 takes a collection definition named by type from any assembly.
/// </summary>
[CollectionDefinition]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
