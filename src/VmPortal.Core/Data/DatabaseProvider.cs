namespace VmPortal.Core.Data;

/// <summary><c>Portal:DatabaseProvider</c>: where the catalogue lives.</summary>
public enum DatabaseProvider
{
    /// <summary>One file in the data folder; one portal instance.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server (<c>ConnectionStrings:Portal</c> is an Npgsql connection string); several instances may share it.</summary>
    PostgreSql,
}
