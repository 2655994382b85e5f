using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;

namespace VmPortal.Testing;

/// <summary>A fresh SQLite file migrated like the portal's, owned by one test class.</summary>
public sealed class TestDatabase : IDbContextFactory<PortalDbContext>, IAsyncLifetime
{
    private readonly string _file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vmportal-test-{Guid.NewGuid():N}.db");

    public DbContextOptions<PortalDbContext> Options =>
        new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={_file};Pooling=False").Options;

    public PortalDbContext CreateDbContext() => new(Options);

    public async ValueTask InitializeAsync()
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(_file);
        return ValueTask.CompletedTask;
    }
}
