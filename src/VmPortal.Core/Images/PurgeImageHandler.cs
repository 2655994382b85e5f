using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;

namespace VmPortal.Core.Images;

/// <summary>
/// R17: purges an image — out of the recycle bin, or straight from the gallery — removing it from the catalogue (its disk
/// configurations go with it, its replicas' in other locations too), then — when asked — each of its blobs, except those another image or disk still uses, which
/// are kept. The row's removal and the record of the blobs to delete commit in one transaction, so a restarted portal
/// finishes the deletes from there — or, when the row is still there, starts over.
/// </summary>
public sealed class PurgeImageHandler(
    IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, IBlobReferences references, ILogger<PurgeImageHandler> logger)
    : IOperationHandler
{
    /// <summary>The id pins the exact row, whatever reuses the name later.</summary>
    public sealed record Payload(int ImageId, string Name, bool DeleteVhds);

    /// <summary>The image's blobs, recorded before its row is removed, and what became of each blob so far.</summary>
    public sealed record State(IReadOnlyList<string> MediaLinks, IReadOnlyDictionary<string, DiskDeletionOutcome> Outcomes);

    public string Kind => OperationKinds.PurgeImage;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Payload>();
        var state = context.ReadState<State>();
        if (state is null)
        {
            state = await RemoveRowAsync(context, request, ct);
            if (state is null) return; // gone already, deleted by nobody we know of: nothing left to do
        }
        if (!request.DeleteVhds) return;

        var outcomes = new Dictionary<string, DiskDeletionOutcome>(state.Outcomes);
        var pending = state.MediaLinks.Where(l => !outcomes.ContainsKey(l)).ToList();
        foreach (var link in pending)
        {
            await context.ReportAsync(30 + 70 * outcomes.Count / Math.Max(1, state.MediaLinks.Count),
                ImageMessages.Format("StepDeletingImageBlob", outcomes.Count + 1, state.MediaLinks.Count, request.Name), ct);
            DiskDeletion deletion;
            try
            {
                deletion = await store.DeleteAsync(new Uri(link), references, ct);
            }
            catch (ArgumentException)
            {
                throw new OperationFailedException(ErrorCodes.ValidationFailed,
                    ImageMessages.Format("PurgedNoAccountForBlob", request.Name, link));
            }
            logger.LogInformation("PurgeImage {Name}: {Outcome} — {Message}", request.Name, deletion.Outcome, deletion.Message);
            outcomes[link] = deletion.Outcome;
            await context.SaveStateAsync(state with { Outcomes = outcomes }, ct);
        }
        var kept = outcomes.Count(o => o.Value == DiskDeletionOutcome.StillReferenced);
        await context.ReportAsync(99, kept == 0
            ? ImageMessages.Format("PurgedWithBlobs", request.Name)
            : kept == 1 ? ImageMessages.Format("PurgedKeptOneBlob", request.Name, kept) : ImageMessages.Format("PurgedKeptBlobs", request.Name, kept), ct);
    }

    /// <summary>Nothing to undo: the row went in one transaction or not at all; blobs left behind are orphans the health check lists.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Payload>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Images.AnyAsync(i => i.Id == request.ImageId, ct)
            ? Abandonment.RolledBack
            : Abandonment.Finished(ImageMessages.Format("PurgedNotEveryBlob", request.Name));
    }

    /// <summary>Removes the row and records the blobs to delete, together; null when the row was already gone.</summary>
    private async Task<State?> RemoveRowAsync(OperationContext context, Payload request, CancellationToken cancellationToken)
    {
        await context.ReportAsync(10, ImageMessages.Format("StepRemovingFromCatalogue", request.Name), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.Include(i => i.Disks).SingleOrDefaultAsync(i => i.Id == request.ImageId, cancellationToken);
        if (image is null) return null;
        if (await ImageLookup.InUseByAsync(db, image.Name, exceptOperation: context.Id, cancellationToken) is { } other)
            throw new OperationFailedException(ErrorCodes.ImageInUse,
                ImageMessages.Format("CameIntoUseBeforePurged", image.Name, other.Kind, other.Id));
        if (image.Protected)
            throw new OperationFailedException(ErrorCodes.ImageProtected,
                ImageMessages.Format("ProtectedBeforePurged", image.Name));

        var state = new State(image.Disks.OrderBy(d => d.Id).Select(d => d.MediaLink).Distinct().ToList(), new Dictionary<string, DiskDeletionOutcome>());
        // By id, without the concurrency stamp: an edit of the label since it was queued does not save the image.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<ImageDisk>().Where(d => d.ImageId == image.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Set<ImageReplica>().Where(r => r.ImageId == image.Id).ExecuteDeleteAsync(cancellationToken);
        await db.Images.Where(i => i.Id == image.Id).ExecuteDeleteAsync(cancellationToken);
        await context.CommitAsync(db, state, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return state;
    }
}
