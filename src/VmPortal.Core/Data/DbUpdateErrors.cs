using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace VmPortal.Core.Data;

/// <summary>Recognises the constraint the database enforced when two writers raced past a service's own check.</summary>
internal static class DbUpdateErrors
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintForeignKey = 787;

    public static bool IsUniqueViolation(this DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintUnique or SqliteConstraintPrimaryKey };

    public static bool IsForeignKeyViolation(this DbUpdateException e) =>
        e.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteConstraintForeignKey };
}
