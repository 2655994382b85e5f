using VmPortal.Core.Cluster;
using VmPortal.Core.Data;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.SeveralInstances;

/// <summary>
/// Two portal instances — two complete application layers, each with its workers, guest agent and event relay — on one
/// PostgreSQL database and one Azurite, as two processes behind a load balancer would be. Several instances need
/// PostgreSQL, so these tests use it whatever the run's provider (the test command runs them once, in the SQLite lane).
/// </summary>
public abstract class TwoInstances(AzuriteFixture azurite) : IAsyncLifetime
{
    private PortalDatabase? _database;

    protected CoreHost A { get; private set; } = null!;
    protected CoreHost B { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabaseServer.CreateAsync(DatabaseProvider.PostgreSql);
        A = new CoreHost(azurite, database: _database);
        await A.InitializeAsync();
        B = new CoreHost(azurite, database: _database, storage: A.Storage);
        await B.InitializeAsync();
        // From here on, whatever one instance publishes reaches the other.
        await A.Get<ClusterEvents>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
        await B.Get<ClusterEvents>().Listening.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        if (_database is not null) await TestDatabaseServer.DropAsync(_database);
        GC.SuppressFinalize(this);
    }
}
