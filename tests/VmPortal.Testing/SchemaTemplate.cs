using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using VmPortal.Core.Data;

namespace VmPortal.Testing;

/// <summary>
/// The portal's schema, migrated once per test process and provider, for new databases to start from. Most tests get a
/// database of their own, and migrating one costs about half a second on PostgreSQL and a quarter on SQLite; copying the
/// template costs a few milliseconds. The copy is the schema every migration leaves, since the template is made by them;
/// the migrations themselves are tested on empty databases (<see cref="TestDatabaseServer.CreateAsync(DatabaseProvider, string?)"/>).
/// </summary>
internal static class SchemaTemplate
{
    private static readonly ConcurrentDictionary<DatabaseProvider, Lazy<Task<PortalDatabase>>> Templates = new();

    /// <summary>The migrated template of <paramref name="provider"/>: made on first use, removed when the process exits.</summary>
    public static Task<PortalDatabase> OfAsync(DatabaseProvider provider) =>
        Templates.GetOrAdd(provider, p => new Lazy<Task<PortalDatabase>>(() => MigrateAsync(p))).Value;

    /// <summary>
    /// A copy of the SQLite template at <paramref name="file"/>. The template's last connection closed when it was made
    /// (no pooling), so its write-ahead log is already folded into the file and the file alone is the database.
    /// </summary>
    public static async Task CopySqliteAsync(string file)
    {
        var template = await OfAsync(DatabaseProvider.Sqlite);
        File.Copy(new SqliteConnectionStringBuilder(template.ConnectionString).DataSource, file);
    }

    /// <summary>
    /// <c>CREATE DATABASE … TEMPLATE</c>, which PostgreSQL refuses while anyone is connected to the template: nobody is,
    /// since the template was migrated without connection pooling.
    /// </summary>
    public static async Task CreatePostgresCopyAsync(NpgsqlConnection server, string name)
    {
        var template = new NpgsqlConnectionStringBuilder((await OfAsync(DatabaseProvider.PostgreSql)).ConnectionString).Database;
        await using var create = server.CreateCommand();
        create.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
        await create.ExecuteNonQueryAsync();
    }

    private static async Task<PortalDatabase> MigrateAsync(DatabaseProvider provider)
    {
        var empty = await TestDatabaseServer.CreateAsync(provider);
        var template = provider == DatabaseProvider.Sqlite
            ? empty
            : new PortalDatabase(provider, new NpgsqlConnectionStringBuilder(empty.ConnectionString) { Pooling = false }.ConnectionString);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Best effort: the test command's own server goes with its folder anyway; a shared server keeps no leftovers.
            try { TestDatabaseServer.DropAsync(template).GetAwaiter().GetResult(); }
            catch (Exception e) when (e is NpgsqlException or IOException) { }
        };
        await using var db = new PortalDbContext(template.Options());
        await db.Database.MigrateAsync();
        return template;
    }
}
