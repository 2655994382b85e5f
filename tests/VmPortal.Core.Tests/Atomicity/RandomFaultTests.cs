using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;
using VmPortal.Testing.Faults;

namespace VmPortal.Core.Tests.Atomicity;

/// <summary>
/// A hundred operations of every kind, one after another, while storage misbehaves at random points — 500s, 503 ServerBusy
/// with Retry-After, connection resets, slow answers, and now and then a burst long enough to outlast the client's own
/// retries; every tenth operation meets an outage that outlasts all its attempts and must roll back. Seeded: the same seed (<c>VMPORTAL_FAULT_SEED</c>) plays the same operations and the same faults. Afterwards every
/// operation has ended, each all done or all undone, nothing is busy or left mid-way, every VM's status agrees with its
/// guest, and the storage health check finds nothing.
/// </summary>
[Collection(typeof(EstateCollection))]
public sealed class RandomFaultTests(AzuriteFixture azurite) : EstateHost(azurite)
{
    private const int Operations = 100;

    [Fact]
    public async Task A_hundred_operations_under_random_storage_faults_end_all_done_or_all_undone_and_leave_storage_healthy()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("VMPORTAL_FAULT_SEED"), out var s) ? s : 15_2026;
        TestContext.Current.TestOutputHelper?.WriteLine($"Seed {seed} (set VMPORTAL_FAULT_SEED to replay another)");
        var plan = new Random(seed);
        var faults = new FaultPlan(seed);
        Faults.Storage.Choose(faults.Choose);
        var tally = new Dictionary<string, int>();

        for (var i = 0; i < Operations; i++)
        {
            var @case = CrashCases.All[plan.Next(CrashCases.All.Count)];
            var arranged = await @case.Arrange(this, $"rnd{i:000}");
            faults.Start(i, outage: i % 10 == 5);
            var id = await @case.Act(this, arranged);
            var operation = await this.WaitForOperationAsync(id, TimeSpan.FromSeconds(90));
            faults.Stop();
            var context = $"#{i} {@case} (seed {seed}) ended {operation.Status} {operation.ErrorCode} {operation.ErrorMessage}";
            var succeeded = operation.Status == OperationStatus.Succeeded;
            // Done, but its clean-up kept failing: the storage health page lists what is left, and repairing it completes the picture.
            if (succeeded && operation.StatusMessage != "Succeeded") await RepairLeftoversAsync(context, @case.Kept?.Invoke(arranged) ?? []);
            await WithContextAsync(context, succeeded ? "all done" : "all undone",
                () => succeeded ? @case.Done(this, arranged) : @case.Undone?.Invoke(this, arranged) ?? Task.CompletedTask);
            await AssertSettledAsync(context);
            await AssertVmsAgreeWithTheirGuestsAsync(context);
            await AssertHealthyAsync(context, (succeeded ? @case.Kept : @case.LeftWhenUndone)?.Invoke(arranged) ?? []);
            var key = $"{operation.Status} {operation.ErrorCode}".Trim() + (operation.Attempts > 1 ? " after a retry" : "");
            tally[key] = tally.GetValueOrDefault(key) + 1;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"{faults.Injected} faults injected; outcomes: {string.Join(", ", tally.Select(t => $"{t.Key} ×{t.Value}"))}");
        Assert.True(faults.Injected >= Operations, $"Only {faults.Injected} faults were injected, fewer than one an operation: the plan is not biting.");
        Assert.True(tally.Keys.Any(k => !k.StartsWith("Succeeded", StringComparison.Ordinal)), "No operation failed: the plan never outlasted the retries.");
    }

    /// <summary>What a user does after "the storage health page lists what is left": repair every leftover it lists.</summary>
    private async Task RepairLeftoversAsync(string context, string[] kept)
    {
        var leftovers = (await CheckHealthAsync()).Problems
            .Where(p => p.Kind is StorageProblemKind.OrphanBlob or StorageProblemKind.LeftoverSnapshot && !kept.Contains(p.Blob))
            .Select(p => p.Id).ToList();
        Assert.True(leftovers.Count > 0, $"{context}: it says clean-up was left to the storage health page, which lists nothing to repair");
        var repair = (await Get<StorageRepair>().RepairAsync(new StorageRepairRequest(leftovers), "tests")).Ok();
        await this.WaitForSuccessAsync(repair.Id);
    }

    /// <summary>Which operation, with which seed, broke which promise: a bare "Expected False" would not say.</summary>
    private static async Task WithContextAsync(string context, string promise, Func<Task> assert)
    {
        try
        {
            await assert();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{context}: not {promise}: {e.Message}", e);
        }
    }

    /// <summary>A VM's status says what its guest is: no VM left "Starting" or "Stopping", none running without a running guest.</summary>
    private async Task AssertVmsAgreeWithTheirGuestsAsync(string context)
    {
        await using var db = Db();
        foreach (var vm in await db.VirtualMachines.AsNoTracking().Include(v => v.Disks).ToListAsync())
        {
            var guest = await GuestAsync(vm);
            var running = vm.Status is VmStatus.RoleStateUnknown or VmStatus.ReadyRole;
            var stopped = vm.Status is VmStatus.StoppedVM or VmStatus.StoppedDeallocated or VmStatus.ProvisioningFailed;
            Assert.True(running ? guest.Running && vm.PowerState == PowerState.Started : stopped && !guest.Running && vm.PowerState == PowerState.Stopped,
                $"{context}: VM {vm.Name} is {vm.Status}/{vm.PowerState} but its guest {(guest.Running ? "runs" : "does not run")}");
        }
    }

    /// <summary>
    /// Which request of the running operation meets which fault: a function of the seed, the operation's number and the
    /// request's number within it, so a replay meets the same faults at the same points. Only operations' own requests fail.
    /// </summary>
    private sealed class FaultPlan(int seed)
    {
        private readonly Lock _gate = new();
        private Random? _random;
        private int _burst;
        private bool _outage;
        private int _injected;

        public int Injected => Volatile.Read(ref _injected);

        /// <param name="outage">
        /// Storage fails every request of the operation's attempts and recovers only for its undo: an outage longer than every
        /// retry, so each run of the test sees operations fail and roll back, not only ones the retries rescued.
        /// </param>
        public void Start(int operation, bool outage)
        {
            lock (_gate)
            {
                // Not HashCode.Combine: it is salted per process, and a replay must meet the same faults.
                _random = new Random(unchecked((seed * 7_919) + operation));
                _burst = 0;
                _outage = outage;
            }
        }

        public void Stop()
        {
            lock (_gate) _random = null;
        }

        public StorageFaults.Fault? Choose(StorageCall call)
        {
            if (OperationScope.Operation is null) return null;
            StorageFaults.Fault? fault;
            lock (_gate)
            {
                if (_random is null) return null;
                if (_outage && !OperationScope.Abandoning)
                {
                    fault = new StorageFaults.Fault.Answer(503, "ServerBusy");
                }
                else if (_burst > 0)
                {
                    _burst--;
                    fault = new StorageFaults.Fault.Answer(500, "InternalError");
                }
                else
                {
                    var roll = _random.NextDouble();
                    fault = roll switch
                    {
                        < 0.05 => new StorageFaults.Fault.Answer(500, "InternalError"),
                        < 0.08 => new StorageFaults.Fault.Answer(503, "ServerBusy", TimeSpan.FromSeconds(1)),
                        < 0.13 => new StorageFaults.Fault.Throw(() => new IOException("Connection reset by peer")),
                        < 0.18 => new StorageFaults.Fault.Delay(TimeSpan.FromMilliseconds(50 + _random.Next(250))),
                        // The client retries three times: five failures in a row reach the operation itself.
                        < 0.205 => Burst(),
                        _ => null,
                    };
                }
            }
            if (fault is not null) Interlocked.Increment(ref _injected);
            return fault;
        }

        private StorageFaults.Fault.Answer Burst()
        {
            _burst = 4;
            return new StorageFaults.Fault.Answer(500, "InternalError");
        }
    }
}
