using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Testing;

/// <summary>A fresh database on the run's provider (<see cref="TestDatabaseServer"/>), migrated like the portal's, owned by one test class.</summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IAsyncLifetime
{
    private PortalDatabase? _database;
    private DbContextOptions<PortalDbContext>? _options;

    public PortalDatabase Database => _database ?? throw new InvalidOperationException("The test database is made in InitializeAsync.");

    public DbContextOptions<PortalDbContext> Options => _options ??= Database.Options();

    public PortalDbContext CreateDbContext() => new(Options);

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabaseServer.CreateMigratedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await TestDatabaseServer.DropAsync(_database);
    }
}
