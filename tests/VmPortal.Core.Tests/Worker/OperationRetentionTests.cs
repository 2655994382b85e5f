using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Core.StorageHealth;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Worker;

/// <summary><c>Operations:Retention</c> (30 days): finished operations older than that go; their audit entries stay.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class OperationRetentionTests(AzuriteFixture azurite) : CoreHost(azurite, new TestClock())
{
    /// <summary>On purpose: an unfinished operation months old, to prove retention keeps it.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.StuckOperation };

    [Fact]
    public async Task Operations_finished_more_than_thirty_days_ago_are_removed_and_their_audit_entries_kept()
    {
        var now = Clock.GetUtcNow();
        var old = Finished("old", now.AddDays(-40), now.AddDays(-31));
        var recent = Finished("recent", now.AddDays(-40), now.AddDays(-29));
        var unfinished = new Operation { Id = Guid.NewGuid(), Kind = OperationKinds.StartVm, Target = "retention/unfinished", Status = OperationStatus.InProgress, CreatedTime = now.AddDays(-40) };
        await using (var db = Db())
        {
            db.Operations.AddRange(old, recent, unfinished);
            db.AuditEntries.Add(new AuditEntry { Action = OperationKinds.StartVm, Resource = old.Target, Time = old.CompletedTime!.Value, Outcome = AuditOutcome.Succeeded });
            await db.SaveChangesAsync();
        }

        var removed = await Get<OperationRetention>().SweepAsync(TestContext.Current.CancellationToken);

        await using var after = Db();
        var left = await after.Operations.Where(o => o.Target.StartsWith("retention/")).Select(o => o.Target).ToListAsync();
        Assert.Equal(["retention/recent", "retention/unfinished"], left.Order());
        Assert.True(removed >= 1);
        Assert.True(await after.AuditEntries.AnyAsync(e => e.Resource == old.Target), "the audit entry of a removed operation went too");
    }

    private static Operation Finished(string name, DateTimeOffset created, DateTimeOffset completed) => new()
    {
        Id = Guid.NewGuid(), Kind = OperationKinds.StartVm, Target = $"retention/{name}", Status = OperationStatus.Succeeded,
        CreatedTime = created, StartedTime = created, CompletedTime = completed,
    };
}
