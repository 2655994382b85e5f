using Microsoft.Extensions.Logging;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;

namespace VmPortal.Core.StorageHealth;

/// <summary>
/// Deletes the chosen orphan blobs (with their snapshots) and leftover snapshots. Each blob is checked again right before it
/// goes: one that something came to refer to meanwhile is kept, and the operation then fails with <c>BlobInUse</c> naming it.
/// Each delete is idempotent, so a restarted portal simply runs the list again.
/// </summary>
public sealed class RepairStorageHandler(StorageRepair repair, DiskStore store, ILogger<RepairStorageHandler> logger) : IOperationHandler
{
    public sealed record Payload(IReadOnlyList<string> Blobs);

    public string Kind => OperationKinds.RepairStorage;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var blobs = context.ReadPayload<Payload>().Blobs;
        var kept = new List<string>();
        var deleted = 0;
        for (var i = 0; i < blobs.Count; i++)
        {
            await context.ReportAsync(100 * i / blobs.Count, StorageHealthMessages.Format("StepDeleting", i + 1, blobs.Count), ct);
            var blob = new Uri(blobs[i]);
            if (await repair.OwnerTagOrMissingAsync(blob, ct) is not { } tag) continue;
            if (await repair.InUseAsync(blob, tag.Length == 0 ? null : tag, except: context.Id, ct) is { } user)
            {
                kept.Add(StorageHealthMessages.Format("KeptBlob", blob, user));
                continue;
            }
            var target = store.Resolve(blob);
            var snapshots = target.IsSnapshot ? Azure.Storage.Blobs.Models.DeleteSnapshotsOption.None : Azure.Storage.Blobs.Models.DeleteSnapshotsOption.IncludeSnapshots;
            if ((await target.Blob.DeleteIfExistsAsync(snapshots, cancellationToken: ct)).Value) deleted++;
        }
        logger.LogInformation("Storage repair {Id}: {Deleted} deleted, {Kept} kept", context.Id, deleted, kept.Count);
        if (kept.Count > 0)
            throw new OperationFailedException(ErrorCodes.BlobInUse,
                kept.Count == 1
                    ? StorageHealthMessages.Format("KeptOne", deleted, blobs.Count, kept[0])
                    : StorageHealthMessages.Format("KeptSeveral", deleted, blobs.Count, string.Join(StorageHealthMessages.Get("KeptSeparator"), kept)));
    }

    /// <summary>Nothing to undo: each delete happened or did not, and what was not deleted is listed again.</summary>
    public Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct) =>
        Task.FromResult(Abandonment.Kept(StorageHealthMessages.Get("RepairAbandoned")));
}
