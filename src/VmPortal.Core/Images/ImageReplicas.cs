using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Images;

/// <summary>
/// A user image's replicas in other locations (API.md): made by a <see cref="ReplicateImageHandler"/> operation, removed by a
/// <see cref="RemoveImageReplicaHandler"/> one. Checks in API.md's order — 400 the request, 404 what it names, 409 state — and
/// queues the operation with the replicas' rows in one transaction.
/// </summary>
public sealed class ImageReplicas(IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, OperationQueue queue)
{
    public async Task<PortalResult<OperationView>> ReplicateAsync(string name, IReadOnlyList<string>? locations, Actor actor, CancellationToken ct = default)
    {
        if (ImageLookup.CheckName(name) is { } badName) return badName;
        if (locations is not { Count: > 0 })
            return PortalError.Validation("locations", ImageMessages.Get("NameALocationToReplicate"));
        var wanted = new List<string>();
        for (var n = 0; n < locations.Count; n++)
        {
            var field = $"locations[{n}]";
            var resolved = Catalogue.Locations.Resolve(locations[n], field);
            if (!resolved.Succeeded) return resolved.Error;
            if (wanted.Contains(resolved.Value)) return PortalError.Validation(field, ImageMessages.Format("LocationNamedTwice", Catalogue.Locations.Named(resolved.Value)));
            if (!accounts.All.Any(a => a.Location == resolved.Value))
                return PortalError.Validation(field, ImageMessages.Format("NoStorageAccountForReplica", Catalogue.Locations.Named(resolved.Value)));
            wanted.Add(resolved.Value);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await ImageLookup.FindAsync(db.Images.Include(i => i.Disks).Include(i => i.Replicas), name, ct);
        if (image is null) return ImageLookup.NotFound(name);
        if (image.Category == ImageCategory.Public)
            return new PortalError(ErrorCodes.ReplicaExists,
                ImageMessages.Format("PublicImageReplicatedEverywhere", image.Name), "locations");
        if (image.State == ImageState.Capturing) return ImageLookup.BeingCaptured(image.Name);
        if (image.DeletedTime is not null)
            return new PortalError(ErrorCodes.ImageDeleted, ImageMessages.Format("InRecycleBinRestoreBeforeReplicating", image.Name));
        if (await ChangingAsync(db, image, ct) is { } busy) return busy;
        for (var n = 0; n < wanted.Count; n++)
        {
            var location = wanted[n];
            if (location == image.Location)
                return new PortalError(ErrorCodes.ReplicaExists, ImageMessages.Format("OwnLocationAlwaysThere", Catalogue.Locations.Named(location), image.Name), $"locations[{n}]");
            if (image.Disks.Any(d => d.Location == location))
                return new PortalError(ErrorCodes.ReplicaExists, ImageMessages.Format("ReplicaAlreadyReady", image.Name, Catalogue.Locations.Named(location)), $"locations[{n}]");
            if (image.Replicas.Any(r => r.Location == location && r.State == ReplicaState.Replicating))
                return new PortalError(ErrorCodes.ReplicaExists, ImageMessages.Format("ReplicatingAlready", image.Name, Catalogue.Locations.Named(location)), $"locations[{n}]");
        }

        var operation = queue.Add(db, OperationKinds.ReplicateImage, OperationTargets.Image(image.Name),
            new ReplicateImageHandler.Payload(image.Id, image.Name, wanted), vm: null, actor)!;
        operation.ImageName = image.Name;
        foreach (var location in wanted)
        {
            // A failed replica's row is taken over by the new attempt.
            var replica = image.Replicas.SingleOrDefault(r => r.Location == location);
            if (replica is null) image.Replicas.Add(replica = new ImageReplica { Location = location });
            replica.State = ReplicaState.Replicating;
            replica.Progress = 0;
            replica.Error = null;
            replica.OperationId = operation.Id;
            replica.CreatedTime = operation.CreatedTime;
        }
        return await SaveAsync(db, image, operation, ct);
    }

    public async Task<PortalResult<OperationView>> RemoveAsync(string name, string? location, bool deleteVhds, Actor actor, CancellationToken ct = default)
    {
        if (ImageLookup.CheckName(name) is { } badName) return badName;
        var resolved = Catalogue.Locations.Resolve(location);
        if (!resolved.Succeeded) return resolved.Error;
        var where = resolved.Value;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await ImageLookup.FindAsync(db.Images.Include(i => i.Disks).Include(i => i.Replicas), name, ct);
        if (image is null) return ImageLookup.NotFound(name);
        if (image.Category == ImageCategory.Public) return ImageLookup.PublicIsReadOnly(ImageMessages.Format("PublicImageCannotBeRemovedFromLocation", image.Name));
        if (where == image.Location)
            return PortalError.Validation("location",
                ImageMessages.Format("OwnLocationNotAReplica", Catalogue.Locations.Named(where), image.Name));
        var replica = image.Replicas.SingleOrDefault(r => r.Location == where);
        if (replica is null && !image.Disks.Any(d => d.Location == where))
            return PortalError.NotFound(ImageMessages.Format("ReplicaWhat", image.Name, Catalogue.Locations.Named(where)));
        if (replica is { State: ReplicaState.Replicating })
            return new PortalError(ErrorCodes.ImageInUse, ImageMessages.Format("ReplicatingWaitToRemove", image.Name, Catalogue.Locations.Named(where)));
        if (await ImageLookup.InUseByAsync(db, image.Name, exceptOperation: null, ct) is { } operation) return ImageLookup.InUse(image.Name, operation);

        var queued = queue.Add(db, OperationKinds.RemoveImageReplica, OperationTargets.Image(image.Name),
            new RemoveImageReplicaHandler.Payload(image.Id, image.Name, where, deleteVhds), vm: null, actor)!;
        queued.ImageName = image.Name;
        return await SaveAsync(db, image, queued, ct);
    }

    /// <summary>A delete, purge or replica change of the image in progress; deploys from it may run meanwhile.</summary>
    private static async Task<PortalError?> ChangingAsync(PortalDbContext db, Image image, CancellationToken ct)
    {
        var normalized = image.NormalizedName;
        var other = await db.Operations.AsNoTracking()
            .Where(o => o.Status == OperationStatus.InProgress && o.NormalizedImageName == normalized && o.Kind != OperationKinds.DeployVm)
            .OrderBy(o => o.CreatedTime).FirstOrDefaultAsync(ct);
        return other is null ? null : ImageLookup.InUse(image.Name, other);
    }

    /// <summary>A new stamp, so a delete racing with this, holding the old stamp, fails its save (and this one fails on theirs).</summary>
    private async Task<PortalResult<OperationView>> SaveAsync(PortalDbContext db, Image image, Operation operation, CancellationToken ct)
    {
        image.ConcurrencyStamp = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new PortalError(ErrorCodes.ImageInUse, ImageMessages.Format("ChangedWhileQueued", image.Name, operation.Kind));
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return new PortalError(ErrorCodes.ReplicaExists, ImageMessages.Format("ReplicatedByAnotherRequest", image.Name));
        }
        queue.Wake();
        return OperationView.From(operation);
    }
}
