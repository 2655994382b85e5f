using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace VmPortal.Testing.Faults;

/// <summary>
/// The test's seam into the portal's database: every command of the host passes here first (the portal adds
/// host-registered interceptors to its contexts). A rule fails commands whose SQL matches; after a simulated crash no
/// command gets through.
/// </summary>
public sealed class DatabaseFaults(CrashSwitch crash) : DbCommandInterceptor
{
    private readonly List<(Func<string, bool> Match, Func<Exception> Failure)> _rules = [];
    private readonly Lock _gate = new();

    /// <summary>Fails every command whose SQL text <paramref name="match"/>es, with <paramref name="failure"/>.</summary>
    public void FailWhen(Func<string, bool> match, Func<Exception> failure)
    {
        lock (_gate) _rules.Add((match, failure));
    }

    public void Clear()
    {
        lock (_gate) _rules.Clear();
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Check(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Check(command);
        return ValueTask.FromResult(result);
    }

    private void Check(DbCommand command)
    {
        crash.ThrowIfDown("a database command");
        Func<Exception>? failure;
        lock (_gate) failure = _rules.FirstOrDefault(r => r.Match(command.CommandText)).Failure;
        if (failure is not null) throw failure();
    }
}
