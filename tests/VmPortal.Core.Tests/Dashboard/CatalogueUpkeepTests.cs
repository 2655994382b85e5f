using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Dashboard;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Dashboard;

/// <summary>
/// The upkeep round runs beside everything else the portal does, so it must leave every other connection working. It
/// changes no schema: on SQLite a schema change made by another connection broke the next insert into a table whose trigger
/// writes to a search index (FTS5) on a connection that had read the catalogue but not that index yet — "no such table:
/// Images" on the first image added after the portal started. The test command runs this class on SQLite and on PostgreSQL.
/// </summary>
public sealed class CatalogueUpkeepTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task A_connection_that_read_the_catalogue_before_a_round_adds_an_image_after_it()
    {
        // A started portal's catalogue: the public images are in it.
        await using (var seed = _database.CreateDbContext())
        {
            for (var i = 0; i < 20; i++) seed.Images.Add(NewImage($"public-{i}"));
            Assert.Equal(20, await seed.SaveChangesAsync());
        }
        // A connection that has read the catalogue (its schema is loaded) and stays open, as a pooled one does.
        await using var db = _database.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        Assert.Equal(20, await db.Images.CountAsync());

        await CatalogueUpkeep.RunAsync(_database, CancellationToken.None);

        db.Images.Add(NewImage("added-after-the-round"));
        Assert.Equal(1, await db.SaveChangesAsync());
        Assert.Equal(21, await db.Images.CountAsync());
    }

    private static Image NewImage(string name) => new()
    {
        Name = name, Label = name, Location = "West US", Kind = ImageKind.VMImage, Category = ImageCategory.User,
        State = ImageState.Capturing, CreatedTime = Created, ModifiedTime = Created,
    };
}
