using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Catalogue;

/// <summary>
/// What must not depend on the database provider: which constraint a failed write broke, how case is ignored (Unicode
/// included) and how text sorts. The test command runs this class on SQLite and on PostgreSQL.
/// </summary>
public sealed class ProviderParityTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_duplicate_name_is_recognised_as_a_unique_violation()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.CloudServices.Add(Service("shop"));
            Assert.Equal(1, await db.SaveChangesAsync());
        }

        await using var second = _database.CreateDbContext();
        second.CloudServices.Add(Service("shop"));
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.True(e.IsUniqueViolation(), e.GetBaseException().Message);
        Assert.False(e.IsForeignKeyViolation());
    }

    [Fact]
    public async Task A_row_pointing_at_nothing_is_recognised_as_a_foreign_key_violation()
    {
        await using var db = _database.CreateDbContext();
        db.VirtualMachines.Add(new VirtualMachine { Name = "orphan", CloudServiceId = 4242, InstanceSize = "Small", Os = OsType.Linux });

        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.True(e.IsForeignKeyViolation(), e.GetBaseException().Message);
        Assert.False(e.IsUniqueViolation());
    }

    [Fact]
    public async Task Virtual_network_names_differing_only_in_case_are_refused_by_the_database()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.VirtualNetworks.Add(Network("Net-One"));
            Assert.Equal(1, await db.SaveChangesAsync());
        }

        await using var second = _database.CreateDbContext();
        second.VirtualNetworks.Add(Network("NET-one"));
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.True(e.IsUniqueViolation(), e.GetBaseException().Message);
    }

    [Fact]
    public async Task Image_search_and_family_ignore_case_beyond_ASCII()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.Images.Add(NewImage("sql-a", label: "Übersicht Datenbank", description: "Größe für Entwickler", family: "Café Server"));
            db.Images.Add(NewImage("web-b", label: "Web", description: "plain", family: "cafe server"));
            Assert.Equal(2, await db.SaveChangesAsync());
        }
        var queries = new ImageQueries(_database, new DiskStore(new BlobAccounts([], embedded: false)), TimeProvider.System);

        async Task<string[]> Names(ImageListQuery query) =>
            [.. (await queries.ListAsync(query, 0, 10)).Ok().Items.Select(i => i.Name)];

        Assert.Equal(["sql-a"], await Names(new ImageListQuery(Search: "übersicht")));
        Assert.Equal(["sql-a"], await Names(new ImageListQuery(Search: "GRÖßE")));
        Assert.Equal(["sql-a"], await Names(new ImageListQuery(Search: "SQL-A")));
        Assert.Equal(["sql-a"], await Names(new ImageListQuery(Family: "CAFÉ SERVER")));
        Assert.Equal(["web-b"], await Names(new ImageListQuery(Family: "Cafe Server")));
    }

    [Fact]
    public async Task Text_sorts_by_code_point_whatever_the_server_locale()
    {
        string[] names = ["beta", "Zulu", "alpha", "Alpha-2", "école", "10-a"];
        await using (var db = _database.CreateDbContext())
        {
            db.CloudServices.AddRange(names.Select(Service));
            Assert.Equal(names.Length, await db.SaveChangesAsync());
        }

        await using var read = _database.CreateDbContext();
        var sorted = await read.CloudServices.OrderBy(c => c.Name).Select(c => c.Name).ToListAsync();

        Assert.Equal(names.Order(StringComparer.Ordinal), sorted);
    }

    private static CloudService Service(string name) => new() { Name = name, Location = "West US", CreatedTime = DateTimeOffset.UtcNow };

    private static VirtualNetwork Network(string name) => new() { Name = name, Location = "West US", AddressSpace = "10.0.0.0/16" };

    private static Image NewImage(string name, string label, string description, string family) => new()
    {
        Name = name, Kind = ImageKind.VMImage, Category = ImageCategory.User, State = ImageState.Ready, Label = label,
        Description = description, ImageFamily = family, Location = "West US", Os = OsType.Linux, OsState = OsState.Specialized,
        CreatedTime = DateTimeOffset.UtcNow, ModifiedTime = DateTimeOffset.UtcNow,
    };
}
