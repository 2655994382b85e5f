using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Data;

/// <summary>
/// How many VMs (by status), disks, cloud services and images (by kind, recycle bin left out) the catalogue holds, exact
/// and without counting rows: the sum of the +1/−1 rows <see cref="CountTriggers"/> writes in every changing transaction,
/// which <see cref="CompactAsync"/> keeps to about one row per key. A reader sees its own transaction's view, so a count
/// read after a commit includes it.
/// </summary>
public static class CatalogueCounts
{
    public const string Disks = "disk";
    public const string CloudServices = "service";
    private const string VmPrefix = "vm:";
    private const string ImagePrefix = "image:";

    public static string Vms(VmStatus status) => VmPrefix + status;

    public static string Images(ImageKind kind) => ImagePrefix + kind;

    /// <summary>Every key's count (keys nothing was ever counted under are missing: read them as 0).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> ReadAsync(PortalDbContext db, CancellationToken ct) =>
        await db.CountDeltas.GroupBy(d => d.Key).Select(g => new { g.Key, Count = g.Sum(d => d.Delta) })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);

    /// <summary>One key's count.</summary>
    public static async Task<int> OfAsync(PortalDbContext db, string key, CancellationToken ct) =>
        (int)await db.CountDeltas.Where(d => d.Key == key).SumAsync(d => d.Delta, ct);

    /// <summary>How many VMs there are, in one status or in all.</summary>
    public static async Task<int> VmsAsync(PortalDbContext db, VmStatus? status, CancellationToken ct)
    {
        var rows = status is { } s
            ? db.CountDeltas.Where(d => d.Key == Vms(s))
            : db.CountDeltas.Where(d => d.Key.StartsWith(VmPrefix));
        return (int)await rows.SumAsync(d => d.Delta, ct);
    }

    public static long Of(this IReadOnlyDictionary<string, long> counts, string key) => counts.GetValueOrDefault(key);

    /// <summary>VMs by status, from <see cref="ReadAsync"/>'s counts; statuses no VM has are left out.</summary>
    public static IReadOnlyDictionary<VmStatus, int> VmsByStatus(this IReadOnlyDictionary<string, long> counts) =>
        Enum.GetValues<VmStatus>().Select(s => (Status: s, Count: (int)counts.Of(Vms(s)))).Where(s => s.Count > 0)
            .ToDictionary(s => s.Status, s => s.Count);

    /// <summary>
    /// Folds the rows written so far into one per key, in one transaction: the rows it deletes are exactly the rows whose
    /// sums it writes back (<c>DELETE … RETURNING</c>), so a writer committing meanwhile, or a second compaction, changes no
    /// total. Returns how many rows were folded.
    /// </summary>
    public static async Task<int> CompactAsync(PortalDbContext db, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var folded = await db.Database.SqlQueryRaw<Folded>("""DELETE FROM "CatalogueCounts" RETURNING "Key", "Delta" """).ToListAsync(ct);
        db.CountDeltas.AddRange(folded.GroupBy(f => f.Key).Select(g => new CountDelta { Key = g.Key, Delta = g.Sum(f => f.Delta) }));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return folded.Count;
    }

    private sealed record Folded(string Key, long Delta);
}
