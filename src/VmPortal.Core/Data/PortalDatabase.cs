using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace VmPortal.Core.Data;

/// <summary>
/// The catalogue's database as configured: the provider (<c>Portal:DatabaseProvider</c>, SQLite unless told otherwise)
/// and its connection string (<c>ConnectionStrings:Portal</c>; for SQLite a file in the data folder by default). Each
/// provider keeps its own migrations in its own assembly, so a model change is one <c>dotnet ef migrations add</c> per provider.
/// </summary>
public sealed record PortalDatabase(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrations = "VmPortal.Migrations.Sqlite";
    public const string PostgreSqlMigrations = "VmPortal.Migrations.PostgreSql";

    /// <summary>Reads the configuration; a value the portal cannot use is a <see cref="PortalStartupException"/> saying what to set.</summary>
    public static PortalDatabase From(IConfiguration configuration, PortalPaths paths)
    {
        var name = configuration["Portal:DatabaseProvider"];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(name) && (!Enum.TryParse(name.Trim(), ignoreCase: true, out provider) || !Enum.IsDefined(provider)))
            throw new PortalStartupException($"Portal:DatabaseProvider is '{name}'; set it to Sqlite or PostgreSql.");
        var connectionString = configuration.GetConnectionString("Portal");
        if (!string.IsNullOrWhiteSpace(connectionString)) return new(provider, connectionString);
        return provider == DatabaseProvider.Sqlite
            ? new(provider, $"Data Source={paths.DatabaseFile}")
            : throw new PortalStartupException(
                "Portal:DatabaseProvider is PostgreSql but ConnectionStrings:Portal is not set; set it to an Npgsql connection string (Host=…;Database=…;Username=…;Password=…).");
    }

    /// <summary>Points <paramref name="options"/> at this database, with the provider's migrations and tuning.</summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options) => Provider switch
    {
        DatabaseProvider.PostgreSql => options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(PostgreSqlMigrations)),
        _ => options.UseSqlite(ConnectionString, o => o.MigrationsAssembly(SqliteMigrations)).AddInterceptors(new SqliteTuning()),
    };

    /// <summary>Options for a context of its own, outside dependency injection (design-time tools, tests, benchmarks).</summary>
    public DbContextOptions<PortalDbContext> Options()
    {
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        Configure(builder);
        return builder.Options;
    }
}
