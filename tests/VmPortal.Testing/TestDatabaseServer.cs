using Microsoft.Data.Sqlite;
using Npgsql;
using VmPortal.Core.Data;

namespace VmPortal.Testing;

/// <summary>
/// Where the tests' databases live. SQLite unless <c>VMPORTAL_TEST_DATABASE=PostgreSql</c>; then every database is a
/// fresh one on the PostgreSQL server that <c>VMPORTAL_TEST_POSTGRES</c> (an Npgsql connection string of a user
/// allowed to create databases) points at — the test command starts a throwaway server and sets both.
/// </summary>
public static class TestDatabaseServer
{
    public const string ProviderVariable = "VMPORTAL_TEST_DATABASE";
    public const string ServerVariable = "VMPORTAL_TEST_POSTGRES";

    public static DatabaseProvider Provider { get; } =
        Environment.GetEnvironmentVariable(ProviderVariable) is { Length: > 0 } name
            ? Enum.Parse<DatabaseProvider>(name, ignoreCase: true)
            : DatabaseProvider.Sqlite;

    private static string Server =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{ProviderVariable}=PostgreSql needs {ServerVariable}, the connection string of a PostgreSQL server to create test databases on; "
                + "bash scripts/test.sh starts one (scripts/test-postgres.sh).");

    /// <summary>
    /// A new, empty database (not migrated). For SQLite the file <paramref name="sqliteFile"/>, or one in the temp
    /// folder; for PostgreSQL a database of its own on the test server.
    /// </summary>
    public static Task<PortalDatabase> CreateAsync(string? sqliteFile = null) => CreateAsync(Provider, sqliteFile);

    /// <summary>
    /// As <see cref="CreateAsync(string?)"/> on <paramref name="provider"/>, whatever the run's: tests of what only one provider
    /// does (several instances need PostgreSQL) name it. PostgreSQL still needs <c>VMPORTAL_TEST_POSTGRES</c>.
    /// </summary>
    public static Task<PortalDatabase> CreateAsync(DatabaseProvider provider, string? sqliteFile = null) =>
        CreateAsync(provider, sqliteFile, migrated: false);

    /// <summary>As <see cref="CreateAsync(string?)"/>, with the portal's schema already in it (<see cref="SchemaTemplate"/>).</summary>
    public static Task<PortalDatabase> CreateMigratedAsync(string? sqliteFile = null) => CreateMigratedAsync(Provider, sqliteFile);

    /// <summary>As <see cref="CreateAsync(DatabaseProvider, string?)"/>, with the portal's schema already in it (<see cref="SchemaTemplate"/>).</summary>
    public static Task<PortalDatabase> CreateMigratedAsync(DatabaseProvider provider, string? sqliteFile = null) =>
        CreateAsync(provider, sqliteFile, migrated: true);

    private static async Task<PortalDatabase> CreateAsync(DatabaseProvider provider, string? sqliteFile, bool migrated)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var file = sqliteFile ?? Path.Combine(Path.GetTempPath(), $"vmportal-test-{Guid.NewGuid():N}.db");
            if (migrated) await SchemaTemplate.CopySqliteAsync(file);
            return new PortalDatabase(DatabaseProvider.Sqlite, $"Data Source={file};Pooling=False");
        }
        var name = $"vmportal_test_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(Server))
        {
            await server.OpenAsync();
            if (migrated)
            {
                await SchemaTemplate.CreatePostgresCopyAsync(server, name);
            }
            else
            {
                await using var create = server.CreateCommand();
                create.CommandText = $"CREATE DATABASE \"{name}\"";
                await create.ExecuteNonQueryAsync();
            }
        }
        var connection = new NpgsqlConnectionStringBuilder(Server) { Database = name, MaxPoolSize = 20 };
        return new PortalDatabase(DatabaseProvider.PostgreSql, connection.ConnectionString);
    }

    /// <summary>Removes a database <see cref="CreateAsync(DatabaseProvider, string?)"/> made, whoever is still connected to it.</summary>
    public static async Task DropAsync(PortalDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" }) File.Delete(path);
            return;
        }
        await using (var own = new NpgsqlConnection(database.ConnectionString)) NpgsqlConnection.ClearPool(own);
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await using var server = new NpgsqlConnection(Server);
        await server.OpenAsync();
        await using var drop = server.CreateCommand();
        drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await drop.ExecuteNonQueryAsync();
    }
}
