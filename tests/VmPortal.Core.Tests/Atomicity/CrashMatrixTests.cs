using VmPortal.Core.Catalogue;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Atomicity;

/// <summary>
/// The crash matrix: every kind of operation, stopped by a simulated process death before each of its steps — every storage
/// request and database command that changes something, and the recording of its outcome — then resumed by a new process on
/// the same database and storage. Each ends all done or all undone, and the storage health check then finds nothing. One more
/// run per kind is cut short twice: halfway, and again at the first step of the resumed run (its rollback, or its finishing).
/// </summary>
[Collection(typeof(EstateCollection))]
public sealed class CrashMatrixTests(AzuriteFixture azurite) : EstateHost(azurite)
{
    public static TheoryData<int> Cases => new(Enumerable.Range(0, CrashCases.All.Count));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_crash_before_any_step_ends_all_done_or_all_undone_and_leaves_storage_healthy(int index)
    {
        var @case = CrashCases.All[index];
        var steps = await RunAsync(@case, $"c{index}x0", int.MaxValue);
        Assert.True(steps.Taken > 0, $"{@case}: no step was counted; the seams see nothing");

        var outcomes = new List<string>();
        for (var step = 1; step <= steps.Taken; step++)
        {
            var run = await RunAsync(@case, $"c{index}x{step}", step);
            outcomes.Add($"{step}: {run.Where} -> {run.Outcome}");
        }
        var twice = await RunAsync(@case, $"c{index}y", Math.Max(1, steps.Taken / 2), againAtStep: 1);
        outcomes.Add($"{Math.Max(1, steps.Taken / 2)}, then 1 of the resumed run: {twice.Where} -> {twice.Outcome}");
        TestContext.Current.TestOutputHelper?.WriteLine($"{@case} ({steps.Taken} steps)\n  {string.Join("\n  ", outcomes)}");
    }

    private sealed record Run(int Taken, string Where, string Outcome);

    /// <summary>
    /// Arranges a fresh resource, starts the operation with a crash armed before its <paramref name="step"/>-th step — and, with
    /// <paramref name="againAtStep"/>, another in the run that resumes it — and checks the end.
    /// </summary>
    private async Task<Run> RunAsync(CrashCase @case, string name, int step, int? againAtStep = null)
    {
        var arranged = await @case.Arrange(this, name);
        var crash = CrashPoint.Arm(Faults, step);
        var id = await @case.Act(this, arranged);
        var crashed = await CrashedOrFinishedAsync(id);
        var context = $"{@case} crashed before step {step} ({crash.Where})";
        var where = crash.Where;
        if (!crashed) Faults.Restart(); // disarm
        else if (againAtStep is not { } again) await RestartAfterCrashAsync();
        else
        {
            CrashPoint? second = null;
            await RestartAfterCrashAsync(() => second = CrashPoint.Arm(Faults, again));
            if (await CrashedOrFinishedAsync(id)) await RestartAfterCrashAsync();
            else Faults.Restart();
            context += $", and its resumed run before step {again} ({second!.Where})";
            where = $"{crash.Where}, then {(second.Where.Length > 0 ? second.Where : "nothing: the resumed run had no step")}";
        }

        var operation = await this.WaitForOperationAsync(id);
        if (operation.Status == OperationStatus.Succeeded) await @case.Done(this, arranged);
        else if (@case.Undone is null) Assert.Fail($"{context}: ended {operation.ErrorCode} {operation.ErrorMessage}, but this kind always finishes");
        else await @case.Undone(this, arranged);
        await AssertSettledAsync(context);
        await AssertHealthyAsync(context, operation.Status == OperationStatus.Succeeded ? @case.Kept?.Invoke(arranged) ?? [] : []);
        var outcome = operation.Status == OperationStatus.Succeeded
            ? (crashed ? "finished after the restart (all done)" : "finished (all done)")
            : $"rolled back after the restart (all undone, {operation.ErrorCode})";
        return new Run(crash.Taken, where, outcome);
    }

    /// <summary>True when the host crashed; false when the operation ended first (the step was never reached).</summary>
    private async Task<bool> CrashedOrFinishedAsync(Guid id)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (Faults.Crash.IsDown) return true;
            if ((await OperationAsync(id)).Status != OperationStatus.InProgress) return Faults.Crash.IsDown;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Operation {id} neither crashed nor ended");
    }
}
