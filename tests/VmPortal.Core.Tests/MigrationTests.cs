using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Testing;

namespace VmPortal.Core.Tests;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public ValueTask InitializeAsync() => _database.InitializeAsync();
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Every_migration_applies_to_a_fresh_database_and_the_model_has_no_pending_changes()
    {
        await using var db = _database.CreateDbContext();
        var applied = await db.Database.GetAppliedMigrationsAsync();
        Assert.Equal(db.Database.GetMigrations(), applied);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: run dotnet ef migrations add.");
    }

    [Fact]
    public async Task Image_names_are_unique_regardless_of_case_across_kinds()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.Images.Add(NewImage("Web-2026", ImageKind.OSImage));
            await db.SaveChangesAsync();
        }

        await using var second = _database.CreateDbContext();
        second.Images.Add(NewImage("web-2026", ImageKind.VMImage));
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());
    }

    private static Image NewImage(string name, ImageKind kind) => new()
    {
        Name = name, Kind = kind, Label = name, Location = "West US", Os = OsType.Linux,
        OsState = OsState.Generalized, CreatedTime = DateTimeOffset.UtcNow,
    };
}
