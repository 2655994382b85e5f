namespace VmPortal.Core.Data;

/// <summary>
/// SQLite's query planner statistics (PostgreSQL's autovacuum keeps its own). The tables they live in
/// (<c>sqlite_stat1</c>, and <c>sqlite_stat4</c> where the library has it) are part of the schema, so the migration makes
/// them and the portal only ever writes rows into them: the first <c>ANALYZE</c> of a database would otherwise change the
/// schema while the portal runs, and SQLite then fails the next insert into <c>Images</c> or <c>VirtualMachines</c> on
/// every connection that had read the catalogue but not yet touched the FTS5 table that table's trigger writes to
/// ("no such table: Images") instead of reloading the schema.
/// </summary>
public static class PlannerStatistics
{
    /// <summary>Makes the statistics tables without analysing a single table (only <c>sqlite_schema</c>, which has no index).</summary>
    public const string SqliteTables = "ANALYZE sqlite_schema;";

    /// <summary>
    /// Analyses every table that has no statistics or whose size changed tenfold since (0x10000: all tables, not only those
    /// this connection used). Writes rows only, once <see cref="SqliteTables"/> has run.
    /// </summary>
    public const string SqliteRefresh = "PRAGMA optimize=0x10002;";
}
