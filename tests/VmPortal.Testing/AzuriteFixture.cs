using Azure.Storage.Blobs;
using VmPortal.Core.Storage;

namespace VmPortal.Testing;

/// <summary>
/// A real Azurite for the test run: started from the repo's node_modules on a free port with a throw-away
/// data folder, hosting two storage accounts, stopped by its process id. Fails loudly when Azurite is
/// not installed (the test command installs it).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("vmportal-azurite-").FullName;
    private AzuriteProcess? _process;

    public static readonly AzuriteAccount Primary = new("acct1", Convert.ToBase64String("primary-test-key-0123456789abcdef"u8.ToArray()));
    public static readonly AzuriteAccount Secondary = new("acct2", Convert.ToBase64String("secondary-test-key-0123456789abcd"u8.ToArray()));

    public AzuriteProcess Process => _process ?? throw new InvalidOperationException("Azurite is not running.");

    public async ValueTask InitializeAsync()
    {
        var main = System.IO.Path.Combine(RepoRoot.Path, "node_modules/azurite/dist/src/blob/main.js");
        if (!File.Exists(main))
            throw new InvalidOperationException($"Azurite is not installed at {main}; run 'npm ci' in the repository (the test command does).");
        _process = await AzuriteProcess.StartAsync(main, "127.0.0.1", FreePort.Next(), _dataDir, [Primary, Secondary]);
    }

    /// <summary>A storage account on this Azurite, as the portal sees one.</summary>
    public BlobAccount Account(AzuriteAccount account, string location = "West US") =>
        new(account.Name, location, Process.ConnectionString(account), BlobAccounts.ClientOptions());

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
