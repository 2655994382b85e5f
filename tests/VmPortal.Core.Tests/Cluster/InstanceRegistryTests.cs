using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Cluster;

/// <summary>
/// What an instance checks when it joins a database: instances it cannot work beside are refused with one line; records
/// nobody renews, or that a dead process on this host left, do not count. Keys an older portal kept in files come along.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class InstanceRegistryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task A_second_instance_on_SQLite_is_refused_with_a_line_saying_what_to_use()
    {
        var database = await TestDatabaseServer.CreateMigratedAsync(DatabaseProvider.Sqlite);
        await AnnounceAsync(database, "db-host-2", 4242, "acct1=http://elsewhere", seenAgo: TimeSpan.FromSeconds(3));
        PortalStartupException e;
        // The host is disposed before its database is dropped: a host disposed later would make an empty file there again.
        await using (var host = new CoreHost(azurite, database: database)) e = await Assert.ThrowsAsync<PortalStartupException>(() => host.StartAsync());

        Assert.Equal("Another portal instance (db-host-2, process 4242) is using this database; SQLite serves one instance: "
            + "set Portal:DatabaseProvider to PostgreSql to run several.", e.Message);
        await TestDatabaseServer.DropAsync(database);
    }

    [Fact]
    public async Task Records_nobody_renewed_and_records_of_dead_processes_on_this_host_do_not_count()
    {
        var database = await TestDatabaseServer.CreateMigratedAsync(TestDatabaseServer.Provider);
        await AnnounceAsync(database, "gone-host", 4242, "embedded", seenAgo: TimeSpan.FromMinutes(5));
        // A process id no process has (above Linux's pid_max): this host's portal that was killed.
        await AnnounceAsync(database, Environment.MachineName, int.MaxValue, "embedded", seenAgo: TimeSpan.FromSeconds(1));
        await using (var host = new CoreHost(azurite, database: database))
        {
            await host.StartAsync();

            await using (var db = host.Db())
                Assert.Equal([Environment.ProcessId], await db.PortalInstances.Select(r => r.ProcessId).ToListAsync());
            await host.StopAsync();
            await using var after = host.OfflineDb();
            Assert.False(await after.PortalInstances.AnyAsync(), "A clean stop leaves no record behind.");
        }
        await TestDatabaseServer.DropAsync(database);
    }

    [Fact]
    public async Task Keys_an_older_portal_kept_in_its_data_folder_still_open_what_they_protected()
    {
        await using var host = new CoreHost(azurite);
        var files = DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(host.DataPath, "keys")), b => b.SetApplicationName("VmPortal"));
        var cookie = files.CreateProtector("tests").Protect("signed in before the upgrade");

        await host.StartAsync();

        Assert.Equal("signed in before the upgrade", host.Get<IDataProtectionProvider>().CreateProtector("tests").Unprotect(cookie));
        await using var db = host.Db();
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
    }

    /// <summary>What a running instance writes about itself; <paramref name="seenAgo"/> by the wall clock, which the portal reads too.</summary>
    internal static async Task AnnounceAsync(PortalDatabase database, string host, int processId, string storage, TimeSpan seenAgo)
    {
        await using var db = new PortalDbContext(database.Options());
        var seen = DateTimeOffset.UtcNow - seenAgo;
        db.PortalInstances.Add(new PortalInstanceRecord
        {
            Id = $"{host}:{processId}:test", Host = host, ProcessId = processId, Storage = storage, StartedTime = seen, SeenTime = seen,
        });
        Assert.Equal(1, await db.SaveChangesAsync());
    }
}
