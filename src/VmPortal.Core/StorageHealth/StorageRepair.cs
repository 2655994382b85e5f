using Azure;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;

namespace VmPortal.Core.StorageHealth;

/// <summary>The request of <c>POST /api/storage/health/repair</c>: ids from <c>GET /api/storage/health</c>.</summary>
public sealed record StorageRepairRequest(IReadOnlyList<string>? Problems);

/// <summary>
/// Deletes chosen orphan blobs and leftover snapshots, as an operation (<see cref="RepairStorageHandler"/>). Checks in API.md's
/// order: ids that name no repairable problem (400), blobs that are gone (404), blobs something refers to or an operation in
/// progress owns by now (409 <c>BlobInUse</c>). A refused request deletes nothing.
/// </summary>
public sealed class StorageRepair(
    IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, DiskStore store, IBlobReferences references, OperationQueue queue)
{
    /// <summary>How many problems one repair may name.</summary>
    public const int MaxProblems = 1000;

    public async Task<PortalResult<OperationView>> RepairAsync(StorageRepairRequest request, Actor actor, CancellationToken ct = default)
    {
        var ids = request.Problems;
        if (ids is null || ids.Count == 0)
            return PortalError.Validation("problems", StorageHealthMessages.Get("NameAProblem"));
        if (ids.Count > MaxProblems) return PortalError.Validation("problems", StorageHealthMessages.Format("TooManyProblems", ids.Count, MaxProblems));
        var blobs = new List<Uri>();
        for (var i = 0; i < ids.Count; i++)
        {
            var field = $"problems[{i}]";
            if (!StorageProblemIds.TryRead(ids[i], out var kind, out var subject))
                return PortalError.Validation(field, StorageHealthMessages.Format("NotAProblemId", Shorten(ids[i])));
            if (kind is not (StorageProblemKind.OrphanBlob or StorageProblemKind.LeftoverSnapshot))
                return PortalError.Validation(field, Advice(kind));
            if (!BlobKey.TryParse(subject, out var key) || !accounts.TryGetByBlobUri(new Uri(subject), out _) || key.Container != BlobAccount.DiskContainer
                || key.IsSnapshot != (kind == StorageProblemKind.LeftoverSnapshot))
                return PortalError.Validation(field, StorageHealthMessages.Format("NotAPortalDiskBlob", Shorten(ids[i])));
            var uri = new Uri(subject);
            if (!blobs.Contains(uri)) blobs.Add(uri);
        }

        foreach (var blob in blobs)
        {
            if (await OwnerTagOrMissingAsync(blob, ct) is not { } tag) return PortalError.NotFound(StorageHealthMessages.Format("BlobWhat", blob));
            if (await InUseAsync(blob, tag.Length == 0 ? null : tag, except: null, ct) is { } user)
                return new PortalError(ErrorCodes.BlobInUse, StorageHealthMessages.Format("NoLongerAnOrphan", blob, user), "problems");
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var operation = queue.Add(db, OperationKinds.RepairStorage, OperationTargets.StorageHealth,
            new RepairStorageHandler.Payload(blobs.Select(b => b.AbsoluteUri).ToList()), vm: null, actor)!;
        await db.SaveChangesAsync(ct);
        queue.Wake();
        return OperationView.From(operation);
    }

    /// <summary>
    /// Who uses the blob now: a disk or image (directly, or on one of its snapshots), or an operation in progress other than
    /// <paramref name="except"/> that tags or names it; null when nobody does.
    /// </summary>
    internal async Task<string?> InUseAsync(Uri blob, string? ownerTag, Guid? except, CancellationToken ct)
    {
        if (await references.IsReferencedAsync(blob, ct)) return StorageHealthMessages.Get("InUseReferred");
        if (!BlobKey.TryParse(blob.AbsoluteUri, out var key)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var claims = await OperationClaims.LoadAsync(db, except, ct);
        return claims.OwnerOf(key, ownerTag) is { } operation ? StorageHealthMessages.Format("InUseByOperation", operation.Kind, operation.Target, operation.Id) : null;
    }

    /// <summary>The blob's owner tag ("" when it has none), or null when the blob does not exist.</summary>
    internal async Task<string?> OwnerTagOrMissingAsync(Uri blob, CancellationToken ct)
    {
        try
        {
            var properties = (await store.Resolve(blob).Blob.GetPropertiesAsync(cancellationToken: ct)).Value;
            return properties.Metadata.TryGetValue(DiskStore.OwnerKey, out var tag) ? tag : "";
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Why a problem of <paramref name="kind"/> is not repaired here, and what repairs it.</summary>
    private static string Advice(StorageProblemKind kind) => kind switch
    {
        StorageProblemKind.MissingBlob => StorageHealthMessages.Format("NotRepairedMissingBlob", kind),
        StorageProblemKind.InvalidVhd => StorageHealthMessages.Format("NotRepairedInvalidVhd", kind),
        StorageProblemKind.StrandedResource => StorageHealthMessages.Format("NotRepairedStrandedResource", kind),
        _ => StorageHealthMessages.Format("NotRepairedStuckOperation", kind),
    };

    private static string Shorten(string? id) => id is null ? "" : id.Length <= 40 ? id : id[..40] + "…";
}
