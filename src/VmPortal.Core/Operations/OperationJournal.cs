using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Operations;

/// <summary>How an operation's steps are kept: a new status sentence begins a step and ends the one before it.</summary>
public static class OperationJournal
{
    /// <summary>Begins the step <paramref name="name"/> unless it is the current one; true when a step began.</summary>
    public static bool Begin(List<OperationStep> steps, string name, DateTimeOffset now)
    {
        if (steps.Count > 0 && steps[^1] is { EndedTime: null } current)
        {
            if (current.Name == name) return false;
            steps[^1] = current with { EndedTime = now };
        }
        steps.Add(new OperationStep(name, now));
        return true;
    }

    /// <summary>The steps as they stand when the operation ends: the last one ends with it.</summary>
    public static List<OperationStep> Ended(IEnumerable<OperationStep> steps, DateTimeOffset now) =>
        [.. steps.Select(s => s.EndedTime is null ? s with { EndedTime = now } : s)];
}
