using VmPortal.Core.Data;
using VmPortal.Core.Tests.Cluster;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.SeveralInstances;

/// <summary>Instances on PostgreSQL must share their storage accounts: each refusal is one line saying what to set.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class StorageCheckTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_instance_beside_one_with_the_embedded_Azurite_is_refused()
    {
        var database = await TestDatabaseServer.CreateMigratedAsync(DatabaseProvider.PostgreSql);
        await InstanceRegistryTests.AnnounceAsync(database, "portal-b", 7, "embedded", seenAgo: TimeSpan.FromSeconds(2));
        await using var host = new CoreHost(azurite, database: database);

        var e = await Assert.ThrowsAsync<PortalStartupException>(() => host.StartAsync());

        Assert.Equal("Another portal instance (portal-b, process 7) is using this database; several instances need shared storage "
            + "accounts in Storage:Accounts, not the embedded Azurite.", e.Message);
        await TestDatabaseServer.DropAsync(database);
    }

    [Fact]
    public async Task An_instance_with_other_storage_accounts_is_refused()
    {
        var database = await TestDatabaseServer.CreateMigratedAsync(DatabaseProvider.PostgreSql);
        await InstanceRegistryTests.AnnounceAsync(database, "portal-b", 7, "acct1=https://acct1.blob.core.windows.net", seenAgo: TimeSpan.FromSeconds(2));
        await using var host = new CoreHost(azurite, database: database);

        var e = await Assert.ThrowsAsync<PortalStartupException>(() => host.StartAsync());

        Assert.Equal("Another portal instance (portal-b, process 7) is using this database with other storage accounts; every instance "
            + "needs the same Storage:Accounts.", e.Message);
        await TestDatabaseServer.DropAsync(database);
    }
}
