using Azure.Core;

namespace VmPortal.Testing.Faults;

/// <summary>
/// The steps of an operation, as the crash matrix counts them: every storage request that changes something (PUT, DELETE)
/// and every database command that does (INSERT, UPDATE, DELETE) made in the operation's scope, and the worker's recording
/// of its outcome. Crashing before each of them, and after the last, stops the operation at every boundary between steps —
/// a crash before a read is the same crash as after the write before it. Progress writes are no step: they change only what
/// a person reads while the operation runs.
/// </summary>
public static class SideEffects
{
    public static bool IsStep(StorageCall call) =>
        OperationScope.Operation is not null && (call.Method == RequestMethod.Put || call.Method == RequestMethod.Delete);

    public static bool IsStep(string sql)
    {
        var text = sql.TrimStart();
        var write = text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase);
        if (!write) return false;
        if (IsOutcome(text)) return true;
        return OperationScope.Operation is not null && !IsProgress(text);
    }

    /// <summary>The worker's completion: <c>UPDATE "Operations" … SET … "CompletedTime"</c>.</summary>
    public static bool IsOutcome(string sql) => sql.StartsWith("UPDATE \"Operations\"", StringComparison.Ordinal) && sql.Contains("\"CompletedTime\"", StringComparison.Ordinal);

    private static bool IsProgress(string sql) =>
        sql.StartsWith("UPDATE \"Operations\"", StringComparison.Ordinal) && sql.Contains("\"Progress\"", StringComparison.Ordinal)
        && !sql.Contains("\"State\"", StringComparison.Ordinal) && !sql.Contains("\"CompletedTime\"", StringComparison.Ordinal);
}

/// <summary>
/// Crashes the host right before the <see cref="Step"/>-th step (<see cref="SideEffects"/>) of the operation running now —
/// a storage request or a database command — and counts the steps taken, so a run that never crashes tells how many there are.
/// </summary>
public sealed class CrashPoint
{
    private int _taken;

    private CrashPoint(int step) => Step = step;

    public int Step { get; }

    /// <summary>Steps taken so far (the one crashed before is not taken).</summary>
    public int Taken => Math.Min(Volatile.Read(ref _taken), Step - 1);

    /// <summary>The step crashed before, as a person reads it ("PUT vhds/x.vhd?comp=snapshot", "UPDATE Operations"); "" while none.</summary>
    public string Where { get; private set; } = "";

    /// <summary>Arms the crash on the host's seams; <see cref="int.MaxValue"/> only counts.</summary>
    public static CrashPoint Arm(FaultSeams faults, int step)
    {
        var point = new CrashPoint(step);
        faults.Storage.When(call => SideEffects.IsStep(call) && point.Reached(() => $"storage: {Describe(call)}")).Then(new StorageFaults.Fault.Crash());
        faults.Database.FailWhen(sql => SideEffects.IsStep(sql) && point.Reached(() => $"database: {Describe(sql)}"),
            () => faults.Crash.Trip($"before database step {step}"));
        return point;
    }

    private bool Reached(Func<string> where)
    {
        if (Interlocked.Increment(ref _taken) != Step) return false;
        Where = where();
        return true;
    }

    private static string Describe(StorageCall call)
    {
        var name = call.Path.Split('/')[^1];
        var comp = System.Web.HttpUtility.ParseQueryString(call.Uri.Query)["comp"];
        var what = call.Header("x-ms-copy-source") is not null ? "copy to" : comp switch
        {
            "snapshot" => "snapshot",
            "page" => "write pages of",
            null => call.Method == RequestMethod.Delete ? (call.Uri.Query.Contains("snapshot=", StringComparison.Ordinal) ? "delete snapshot of" : "delete") : "create",
            _ => comp,
        };
        return $"{what} {name}";
    }

    private static string Describe(string sql)
    {
        if (SideEffects.IsOutcome(sql)) return "record the outcome";
        if (sql.StartsWith("UPDATE \"Operations\"", StringComparison.Ordinal) && sql.Contains("\"State\"", StringComparison.Ordinal)) return "save the state";
        var words = sql.TrimStart().Split([' ', '\n', '\r'], 4, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', words.Take(words.Length > 1 && words[0] is "INSERT" or "DELETE" ? 3 : 2)).Replace("\"", "", StringComparison.Ordinal);
    }
}
