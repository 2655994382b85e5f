using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using VmPortal.Core.Data;

namespace VmPortal.Testing;

/// <summary>Everything a database holds, as bytes, to prove a secret never reached it.</summary>
public static class DatabaseBytes
{
    /// <summary>SQLite: the file and its write-ahead log as stored. PostgreSQL: every row of every table, as text.</summary>
    public static async Task<byte[]> ReadAllAsync(PortalDatabase database)
    {
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
            SqliteConnection.ClearAllPools();
            var bytes = new List<byte>(await File.ReadAllBytesAsync(file));
            if (File.Exists(file + "-wal")) bytes.AddRange(await File.ReadAllBytesAsync(file + "-wal"));
            return [.. bytes];
        }
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.NotEmpty(tables);
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var rows = connection.CreateCommand();
            rows.CommandText = $"SELECT t::text FROM \"{table}\" t";
            await using var reader = await rows.ExecuteReaderAsync();
            while (await reader.ReadAsync()) text.AppendLine(reader.GetString(0));
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
