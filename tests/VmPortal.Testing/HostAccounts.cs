using VmPortal.Core.Storage;

namespace VmPortal.Testing;

/// <summary>
/// Two storage accounts on the run's Azurite that one portal (or several instances of one portal) has to itself — one in
/// West US, one in East US — so its health check sees only the blobs its own catalogue made. Disposing empties both
/// accounts and gives them back to the pool.
/// </summary>
public sealed class HostAccounts : IAsyncDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly Action<HostAccounts> _giveBack;
    private bool _returned;

    internal HostAccounts(AzuriteFixture azurite, AzuriteAccount west, AzuriteAccount east, Action<HostAccounts> giveBack)
    {
        _azurite = azurite;
        West = west;
        East = east;
        _giveBack = giveBack;
    }

    public AzuriteAccount West { get; }
    public AzuriteAccount East { get; }

    /// <summary>The accounts as the portal configures them: <c>Storage:Accounts:0</c> in West US, <c>:1</c> in East US.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Accounts:0:Name"] = West.Name,
        ["Storage:Accounts:0:Location"] = "West US",
        ["Storage:Accounts:0:ConnectionString"] = _azurite.Process.ConnectionString(West),
        ["Storage:Accounts:1:Name"] = East.Name,
        ["Storage:Accounts:1:Location"] = "East US",
        ["Storage:Accounts:1:ConnectionString"] = _azurite.Process.ConnectionString(East),
    };

    /// <summary>Both accounts as a test reads them, past any fault the portal's clients meet.</summary>
    public IReadOnlyList<BlobAccount> Accounts => [_azurite.Account(West), _azurite.Account(East, "East US")];

    public async ValueTask DisposeAsync()
    {
        if (_returned) return;
        _returned = true;
        foreach (var account in Accounts)
            await foreach (var container in account.Service.GetBlobContainersAsync())
                await account.Service.GetBlobContainerClient(container.Name).DeleteIfExistsAsync();
        _giveBack(this);
    }
}
