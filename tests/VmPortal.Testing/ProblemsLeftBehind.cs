using VmPortal.Core.StorageHealth;

namespace VmPortal.Testing;

/// <summary>
/// The storage health check a test host runs when it is disposed: its storage is its own, so whatever the check finds that
/// the tests do not make on purpose is a leak (or a half-done operation) they left behind.
/// </summary>
public static class ProblemsLeftBehind
{
    /// <summary>What <paramref name="check"/> finds now, less the kinds made on purpose; run it while the host still runs.</summary>
    public static async Task<IReadOnlyList<StorageProblem>> FindAsync(StorageHealthCheck check, IReadOnlySet<StorageProblemKind> madeOnPurpose)
    {
        var report = await check.CheckAsync();
        return report.Problems.Where(p => !madeOnPurpose.Contains(p.Kind)).ToList();
    }

    /// <summary>Fails when there are problems, naming each one; nothing happens when there are none.</summary>
    public static void ThrowIfAny(IReadOnlyList<StorageProblem> problems, string host)
    {
        if (problems.Count > 0)
            throw new InvalidOperationException($"The storage health check found {problems.Count} problem(s) the tests of {host} left behind:"
                + string.Concat(problems.Select(p => $"{Environment.NewLine}  {p.Kind} {p.Blob ?? p.Resource}: {p.Detail}")));
    }
}
