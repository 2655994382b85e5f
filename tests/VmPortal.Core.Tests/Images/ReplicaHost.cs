using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Images;

/// <summary>
/// An image host with four locations of storage: its own pair (West US, East US) and a second leased pair configured as North
/// Europe and West Europe, so an image can be replicated to two locations and one of them made to fail. Faults reach its clients.
/// </summary>
public abstract class ReplicaHost : ImageHost
{
    public const string North = "North Europe";
    public const string WestEurope = "West Europe";

    private readonly AzuriteFixture _azurite;
    private HostAccounts? _more;

    protected ReplicaHost(AzuriteFixture azurite) : base(azurite) => _azurite = azurite;

    public FaultSeams Faults { get; } = new();

    protected ImageReplicas Replicas => Get<ImageReplicas>();
    protected BlobAccount NorthAccount => Get<BlobAccounts>().Get(_more!.West.Name);
    protected BlobAccount WestEuropeAccount => Get<BlobAccounts>().Get(_more!.East.Name);

    protected override void ConfigureServices(IServiceCollection services) => Faults.AddTo(services);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Accounts:2:Name"] = _more!.West.Name,
        ["Storage:Accounts:2:Location"] = North,
        ["Storage:Accounts:2:ConnectionString"] = _azurite.Process.ConnectionString(_more.West),
        ["Storage:Accounts:3:Name"] = _more.East.Name,
        ["Storage:Accounts:3:Location"] = WestEurope,
        ["Storage:Accounts:3:ConnectionString"] = _azurite.Process.ConnectionString(_more.East),
    };

    public override async ValueTask InitializeAsync()
    {
        _more = await _azurite.LeaseAccountsAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            await _more!.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }

    /// <summary>The page blobs in an account's <c>vhds</c> container whose names start with <paramref name="prefix"/>.</summary>
    protected static async Task<List<string>> BlobsAsync(BlobAccount account, string prefix)
    {
        var names = new List<string>();
        await foreach (var item in account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix })) names.Add(item.Name);
        return names;
    }
}
