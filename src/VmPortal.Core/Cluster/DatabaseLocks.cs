using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using VmPortal.Core.Data;

namespace VmPortal.Core.Cluster;

/// <summary>What a <see cref="DatabaseLocks"/> lock guards; each is a lock space of its own.</summary>
public enum LockSpace
{
    /// <summary>A VM's guest writes against a snapshot barrier (R11), keyed by the VM's id.</summary>
    GuestIo = 1,

    /// <summary>Start-up steps two instances must not interleave (migrating and seeding, the instance check, the key ring).</summary>
    Startup = 2,
}

/// <summary>
/// Locks that hold across every portal instance sharing the database. On PostgreSQL an advisory lock, taken in a
/// transaction of its own and released when it ends — also when the process dies, since its connection goes.
/// SQLite serves one instance, whose in-process locks suffice, so there a lock is granted at once.
/// </summary>
public sealed class DatabaseLocks(IDbContextFactory<PortalDbContext> dbFactory, PortalDatabase database)
{
    public async Task<IAsyncDisposable> HoldAsync(LockSpace space, int key, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Sqlite) return Granted.Instance;
        var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({(int)space}, {key})", cancellationToken);
            return new Held(db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private sealed class Granted : IAsyncDisposable
    {
        public static readonly Granted Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Held(PortalDbContext db, IDbContextTransaction transaction) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                // Nothing was written: ending the transaction is what releases the lock.
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
            {
                // The connection broke: the server released the lock with it.
            }
            finally
            {
                await transaction.DisposeAsync();
                await db.DisposeAsync();
            }
        }
    }
}
