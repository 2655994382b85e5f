using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;

namespace VmPortal.Core.Images;

/// <summary>
/// Removes one replica of an image — never its own location — as <see cref="PurgeImageHandler"/> removes an image: its disk rows
/// there (and a Failed replica's row) go in one transaction with the record of the blobs to delete, then — when asked — each
/// blob, except one another image or disk still uses (R17). After a crash it finishes from that record, or starts over.
/// </summary>
public sealed class RemoveImageReplicaHandler(
    IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, IBlobReferences references, ILogger<RemoveImageReplicaHandler> logger)
    : IOperationHandler
{
    public sealed record Payload(int ImageId, string Name, string Location, bool DeleteVhds);

    /// <summary>The replica's blobs, recorded as its rows go, and what became of each so far.</summary>
    public sealed record State(IReadOnlyList<string> MediaLinks, IReadOnlyDictionary<string, DiskDeletionOutcome> Outcomes);

    public string Kind => OperationKinds.RemoveImageReplica;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Payload>();
        var state = context.ReadState<State>() ?? await RemoveRowsAsync(context, request, ct);
        if (!request.DeleteVhds || state.MediaLinks.Count == 0)
        {
            await context.ReportAsync(99, ImageMessages.Format("RemovedReplica", request.Name, Locations.Named(request.Location)), ct);
            return;
        }
        var outcomes = new Dictionary<string, DiskDeletionOutcome>(state.Outcomes);
        foreach (var link in state.MediaLinks.Where(l => !outcomes.ContainsKey(l)))
        {
            await context.ReportAsync(30 + 70 * outcomes.Count / state.MediaLinks.Count,
                ImageMessages.Format("StepDeletingReplicaBlob", outcomes.Count + 1, state.MediaLinks.Count, Locations.Named(request.Location)), ct);
            var deletion = await store.DeleteAsync(new Uri(link), references, ct);
            logger.LogInformation("RemoveImageReplica {Name} {Location}: {Outcome} — {Message}", request.Name, request.Location, deletion.Outcome, deletion.Message);
            outcomes[link] = deletion.Outcome;
            await context.SaveStateAsync(state with { Outcomes = outcomes }, ct);
        }
        var kept = outcomes.Count(o => o.Value == DiskDeletionOutcome.StillReferenced);
        await context.ReportAsync(99, kept == 0
            ? ImageMessages.Format("RemovedReplicaWithBlobs", request.Name, Locations.Named(request.Location))
            : kept == 1 ? ImageMessages.Format("RemovedReplicaKeptOneBlob", request.Name, Locations.Named(request.Location), kept)
            : ImageMessages.Format("RemovedReplicaKeptBlobs", request.Name, Locations.Named(request.Location), kept), ct);
    }

    /// <summary>Nothing to undo: the rows went in one transaction or not at all; blobs left behind are orphans the health check lists.</summary>
    public Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Payload>();
        return Task.FromResult(context.ReadState<State>() is null
            ? Abandonment.RolledBack
            : Abandonment.Finished(ImageMessages.Format("RemovedReplicaNotEveryBlob", request.Name, Locations.Named(request.Location))));
    }

    private async Task<State> RemoveRowsAsync(OperationContext context, Payload request, CancellationToken ct)
    {
        await context.ReportAsync(10, ImageMessages.Format("StepRemovingReplicaFromCatalogue", request.Name, Locations.Named(request.Location)), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await db.Images.AsNoTracking().Include(i => i.Disks).SingleOrDefaultAsync(i => i.Id == request.ImageId, ct)
            ?? throw new OperationFailedException(ErrorCodes.NotFound, ImageMessages.Format("PurgedBeforeReplicaRemoved", request.Name, Locations.Named(request.Location)));
        if (image.Location == request.Location)
            throw new OperationFailedException(ErrorCodes.ValidationFailed, ImageMessages.Format("OwnLocationNothingRemoved", Locations.Named(request.Location), image.Name));
        var links = image.Disks.Where(d => d.Location == request.Location).OrderBy(d => d.Id).Select(d => d.MediaLink).Distinct().ToList();
        var state = new State(links, new Dictionary<string, DiskDeletionOutcome>());
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<ImageDisk>().Where(d => d.ImageId == image.Id && d.Location == request.Location).ExecuteDeleteAsync(ct);
        await db.Set<ImageReplica>().Where(r => r.ImageId == image.Id && r.Location == request.Location).ExecuteDeleteAsync(ct);
        await context.CommitAsync(db, state, ct);
        await transaction.CommitAsync(ct);
        return state;
    }
}
