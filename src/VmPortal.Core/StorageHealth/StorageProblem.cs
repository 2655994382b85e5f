using System.Text;
using System.Text.Json.Serialization;

namespace VmPortal.Core.StorageHealth;

/// <summary>What the storage health check can find (API.md "storage health").</summary>
public enum StorageProblemKind
{
    /// <summary>A page blob that no disk or image refers to, and that no operation in progress is making or deleting.</summary>
    OrphanBlob,
    /// <summary>A blob a disk or image refers to that storage does not have.</summary>
    MissingBlob,
    /// <summary>A blob in a disk container that cannot be a fixed VHD (R1): not a page blob, or not N MiB + 512 bytes long.</summary>
    InvalidVhd,
    /// <summary>A snapshot nothing refers to and no operation in progress took.</summary>
    LeftoverSnapshot,
    /// <summary>A VM or image left mid-way by an operation that has ended.</summary>
    StrandedResource,
    /// <summary>An unfinished operation no portal instance works on.</summary>
    StuckOperation,
}

/// <summary>
/// One problem: <see cref="Id"/> names it for a repair (stable while the problem lasts), <see cref="Blob"/> is the blob's URI and
/// <see cref="SizeBytes"/> what it stores, when a blob is involved; <see cref="Detail"/> is a sentence a person can act on.
/// </summary>
public sealed record StorageProblem(
    string Id,
    StorageProblemKind Kind,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Resource,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Blob,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? SizeBytes,
    string Detail)
{
    /// <summary>Whether a repair may delete it: an orphan blob or a leftover snapshot.</summary>
    [JsonIgnore]
    public bool IsRepairable => Kind is StorageProblemKind.OrphanBlob or StorageProblemKind.LeftoverSnapshot;
}

/// <summary>The result of one check: when it ran, how many blobs (and snapshots) it read, and what it found.</summary>
public sealed record StorageHealthReport(DateTimeOffset CheckedTime, int Blobs, IReadOnlyList<StorageProblem> Problems)
{
    /// <summary>What deleting every orphan blob and leftover snapshot would free.</summary>
    [JsonIgnore]
    public long ReclaimableBytes => Problems.Where(p => p.IsRepairable).Sum(p => p.SizeBytes ?? 0);
}

/// <summary>
/// Problem ids: the kind and what it is about (a blob URI, a resource, an operation), base64url-encoded, so a repair
/// knows what an id names without keeping the check's result anywhere — and an id from an older check still names the
/// same blob.
/// </summary>
public static class StorageProblemIds
{
    public static string For(StorageProblemKind kind, string subject) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kind}|{subject}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryRead(string? id, out StorageProblemKind kind, out string subject)
    {
        kind = default;
        subject = "";
        if (string.IsNullOrWhiteSpace(id) || id.Length > 4096) return false;
        var base64 = id.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        byte[] bytes;
        try { bytes = Convert.FromBase64String(base64); }
        catch (FormatException) { return false; }
        var text = Encoding.UTF8.GetString(bytes);
        var bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !Enum.TryParse(text[..bar], out kind) || !Enum.IsDefined(kind)) return false;
        subject = text[(bar + 1)..];
        return subject.Length > 0;
    }
}
