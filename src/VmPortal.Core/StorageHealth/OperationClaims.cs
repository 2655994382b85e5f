using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Core.StorageHealth;

/// <summary>
/// What the operations in progress own: every blob or snapshot tagged with one of them (<c>DiskStore.OwnerKey</c>), and
/// every blob their request or saved state names (a disk being deleted, the copies a capture recorded, …). What an
/// operation in progress owns is never a problem, and never repaired.
/// </summary>
internal sealed class OperationClaims
{
    private readonly Dictionary<string, Operation> _byOwner;
    private readonly Dictionary<BlobKey, Operation> _named = [];

    private OperationClaims(IReadOnlyList<Operation> inProgress)
    {
        InProgress = inProgress;
        _byOwner = inProgress.ToDictionary(o => o.Id.ToString("N"));
        foreach (var operation in inProgress)
            foreach (var text in new[] { operation.Payload, operation.State })
                foreach (var key in BlobsNamedIn(text))
                    _named.TryAdd(key, operation);
    }

    public IReadOnlyList<Operation> InProgress { get; }

    public static async Task<OperationClaims> LoadAsync(PortalDbContext db, Guid? except, CancellationToken ct) =>
        new(await db.Operations.AsNoTracking().Where(o => o.Status == OperationStatus.InProgress && o.Id != except).ToListAsync(ct));

    /// <summary>The operation in progress that owns the blob (its tag, or a name in its request or state), if any.</summary>
    public Operation? OwnerOf(BlobKey blob, string? ownerTag) =>
        ownerTag is not null && _byOwner.TryGetValue(ownerTag, out var tagged) ? tagged
        : _named.TryGetValue(blob, out var named) ? named
        : blob.IsSnapshot && _named.TryGetValue(blob.Base, out var ofBase) ? ofBase
        : null;

    /// <summary>Every string in the JSON that is a blob URI.</summary>
    private static IEnumerable<BlobKey> BlobsNamedIn(string? json)
    {
        if (string.IsNullOrEmpty(json)) yield break;
        JsonDocument document;
        try { document = JsonDocument.Parse(json); }
        catch (JsonException) { yield break; }
        using (document)
        {
            var pending = new Stack<JsonElement>([document.RootElement]);
            while (pending.TryPop(out var element))
            {
                switch (element.ValueKind)
                {
                    case JsonValueKind.Object:
                        foreach (var property in element.EnumerateObject())
                        {
                            // A dictionary keyed by blob URI (a delete's outcomes) names them too.
                            if (BlobKey.TryParse(property.Name, out var named)) yield return named;
                            pending.Push(property.Value);
                        }
                        break;
                    case JsonValueKind.Array:
                        foreach (var item in element.EnumerateArray()) pending.Push(item);
                        break;
                    case JsonValueKind.String when BlobKey.TryParse(element.GetString(), out var key):
                        yield return key;
                        break;
                }
            }
        }
    }
}
