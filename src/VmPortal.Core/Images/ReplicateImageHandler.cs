using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Images;

/// <summary>
/// Makes an image's replicas in other locations, one location after another, all-or-nothing per location: every disk is copied
/// server-side (R7 names, in that location's storage account, tagged with the operation), verified against its source (R8),
/// and then — in ONE transaction with the operation's state — the image's disk rows there are added and the replica's
/// Replicating row goes: from that commit on the replica is Ready and deploys there use it (R19, R20). A location that fails
/// loses every blob this operation made there and is marked Failed with why; the others are not affected. A run cut short
/// resumes: each location not yet committed is cleaned of what it had made and copied again (copies are server-side, so
/// starting a location over costs about what finishing it would).
/// </summary>
public sealed class ReplicateImageHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    DiskStore disks,
    BlobAccounts accounts,
    ILogger<ReplicateImageHandler> logger) : IOperationHandler
{
    /// <summary>The id pins the exact row; the locations are in the order asked.</summary>
    public sealed record Payload(int ImageId, string ImageName, IReadOnlyList<string> Locations);

    /// <summary>The copies made so far, by location and source disk; a location is done once its disks are in the catalogue.</summary>
    public sealed class State
    {
        public Dictionary<string, Dictionary<string, string>> Copies { get; set; } = [];
    }

    public string Kind => OperationKinds.ReplicateImage;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var payload = context.ReadPayload<Payload>();
        var state = context.ReadState<State>() ?? new State();
        var failures = new List<string>();
        var done = new List<string>();
        await ListDisksAsync(context, payload, ct);
        for (var n = 0; n < payload.Locations.Count; n++)
        {
            var location = payload.Locations[n];
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var image = await db.Images.AsNoTracking().Include(i => i.Disks).Include(i => i.Replicas)
                .SingleOrDefaultAsync(i => i.Id == payload.ImageId, ct)
                ?? throw new OperationFailedException(ErrorCodes.NotFound, ImageMessages.Format("PurgedWhileReplicating", payload.ImageName));
            if (image.Disks.Any(d => d.Location == location))
            {
                done.Add(location);
                continue;
            }
            var replica = image.Replicas.SingleOrDefault(r => r.Location == location && r.OperationId == context.Id);
            if (replica is not { State: ReplicaState.Replicating })
            {
                if (replica is { Error: { } error }) failures.Add(ImageMessages.Format("LocationFailure", Locations.Named(location), error));
                continue;
            }
            // Whatever an earlier attempt made here is not committed: it goes, and the location starts over.
            if (context.IsResume) await CleanAsync(context, payload.ImageName, location, image);
            try
            {
                await ReplicateAsync(context, image, location, n, payload.Locations.Count, state, ct);
                done.Add(location);
            }
            catch (Exception e) when (e is not (OperationCanceledException or OperationLeaseLostException))
            {
                var why = e is OperationFailedException failed ? failed.Message : Reason(e);
                await CleanAsync(context, payload.ImageName, location, image);
                await MarkFailedAsync(context, payload.ImageId, location, why);
                logger.LogWarning(e, "Replicating {Image} to {Location} failed; its copies there were removed", payload.ImageName, location);
                failures.Add(ImageMessages.Format("LocationFailure", Locations.Named(location), why));
            }
        }
        if (failures.Count > 0)
            throw new OperationFailedException(ErrorCodes.StorageFailed, ReplicationFailed(payload.ImageName, done, failures));
        await context.ReportAsync(99, ImageMessages.Format("ReplicaReadyIn", payload.ImageName, Locations.Named(done)), ct);
    }

    /// <summary>Each location not committed is cleaned and marked Failed; the ones committed stand.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var payload = context.ReadPayload<Payload>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await db.Images.AsNoTracking().Include(i => i.Disks).Include(i => i.Replicas).SingleOrDefaultAsync(i => i.Id == payload.ImageId, ct);
        if (image is null) return Abandonment.RolledBack;
        foreach (var replica in image.Replicas.Where(r => r.OperationId == context.Id && r.State == ReplicaState.Replicating))
        {
            await CleanAsync(context, payload.ImageName, replica.Location, image);
            await MarkFailedAsync(context, image.Id, replica.Location, ImageMessages.Get("ReplicationGivenUp"));
        }
        var ready = payload.Locations.Where(l => image.Disks.Any(d => d.Location == l)).ToList();
        var readyIn = Locations.Named(ready);
        return ready.Count == 0 ? Abandonment.RolledBack
            : ready.Count == payload.Locations.Count ? Abandonment.Finished(ImageMessages.Format("ReplicaReadyIn", payload.ImageName, readyIn))
            : Abandonment.Kept(ImageMessages.Format("ReplicaReadyInOthersFailed", payload.ImageName, readyIn));
    }

    /// <summary>The operation's failure: what is Ready, then each failed location with its reason.</summary>
    private static string ReplicationFailed(string imageName, List<string> done, List<string> failures)
    {
        var failed = string.Join(ImageMessages.Get("FailureSeparator"), failures.Select(Sentence.Nested));
        var readyIn = Locations.Named(done);
        return (done.Count > 0, failures.Count == 1) switch
        {
            (true, true) => ImageMessages.Format("ReplicationFailedSomeReady", imageName, readyIn, failed),
            (true, false) => ImageMessages.Format("ReplicationFailedSomeReadyLocations", imageName, readyIn, failed),
            (false, true) => ImageMessages.Format("ReplicationFailed", imageName, failed),
            (false, false) => ImageMessages.Format("ReplicationFailedLocations", imageName, failed),
        };
    }

    private async Task ReplicateAsync(OperationContext context, Image image, string location, int index, int count, State state, CancellationToken ct)
    {
        var account = AccountIn(location);
        var sources = image.Disks.Where(d => d.Location == image.Location).OrderBy(d => d.Lun ?? -1).ToList();
        if (sources.All(d => d.Lun is not null))
            throw new OperationFailedException(ErrorCodes.InternalError, ImageMessages.Format("NoOsDiskInOwnLocation", Locations.Named(image.Location)));
        int Overall(int finished) => 100 * index / count + 100 * finished / sources.Count / count;

        // One step per location ("Copying 5 disks to North Europe"); each disk's bytes and phase are on the operation.
        var copying = sources.Count == 1 ? ImageMessages.Format("StepCopyingDisk", sources.Count, Locations.Named(location)) : ImageMessages.Format("StepCopyingDisks", sources.Count, Locations.Named(location));
        await context.ReportAsync(Overall(0), copying, ct);
        var finished = 0;
        var copies = await Task.WhenAll(sources.Select(async source =>
        {
            var baseName = source.Lun is { } lun
                ? BlobNames.ImageDataDisk(image.Name, lun, image.CreatedTime)
                : BlobNames.ImageOsDisk(image.Name, image.CreatedTime);
            var name = Label(location, source);
            var total = DiskBytes(source);
            await context.ReportDiskAsync(new DiskProgress(name, total, 0, DiskCopyPhase.Copying), ct);
            // Tagged with the operation until the catalogue refers to it: a clean-up finds it even if the portal dies first.
            var copy = await disks.CopyAsync(new Uri(source.MediaLink), account, baseName, context.Owner,
                bytes => context.ReportDiskAsync(new DiskProgress(name, bytes.Total, bytes.Copied, DiskCopyPhase.Copying), ct), ct);
            lock (state)
            {
                if (!state.Copies.TryGetValue(location, out var here)) state.Copies[location] = here = [];
                here[source.Name] = copy.Uri.AbsoluteUri;
            }
            await context.ReportDiskAsync(new DiskProgress(name, total, total, DiskCopyPhase.Verifying), ct);
            var verification = await disks.VerifyCopyAsync(new Uri(source.MediaLink), copy.Uri, ct);
            if (!verification.IsVerified)
                throw new OperationFailedException(ErrorCodes.InternalError, ImageMessages.Format("CopyDoesNotMatch", Describe(source), verification));
            await context.ReportDiskAsync(new DiskProgress(name, total, total, DiskCopyPhase.Done), ct);
            var now = Interlocked.Increment(ref finished);
            await SetProgressAsync(context, image.Id, location, 100 * now / sources.Count, ct);
            await context.ReportAsync(Overall(now), copying, ct);
            return (Source: source, Copy: copy);
        }));

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Set<ImageDisk>().AddRange(copies.Select(c => new ImageDisk
        {
            ImageId = image.Id,
            Name = Path.GetFileNameWithoutExtension(c.Copy.BlobName),
            Lun = c.Source.Lun,
            Location = location,
            HostCaching = c.Source.HostCaching,
            MediaLink = c.Copy.Uri.AbsoluteUri,
            LogicalSizeInGb = c.Source.LogicalSizeInGb,
        }));
        // The disks and the replica's Ready state commit together with the operation's record of them.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<ImageReplica>().Where(r => r.ImageId == image.Id && r.Location == location).ExecuteDeleteAsync(ct);
        await context.CommitAsync(db, state, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Names every disk copy this operation makes, location by location, before it makes any: the page lists them all from the start.</summary>
    private async Task ListDisksAsync(OperationContext context, Payload payload, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await db.Images.AsNoTracking().Include(i => i.Disks).SingleOrDefaultAsync(i => i.Id == payload.ImageId, ct);
        if (image is null) return;
        var sources = image.Disks.Where(d => d.Location == image.Location).OrderBy(d => d.Lun ?? -1).ToList();
        await context.ReportDisksAsync(payload.Locations.SelectMany(location => sources.Select(source =>
            image.Disks.Any(d => d.Location == location)
                ? new DiskProgress(Label(location, source), DiskBytes(source), DiskBytes(source), DiskCopyPhase.Done)
                : DiskProgress.Waiting(Label(location, source), DiskBytes(source)))), ct);
    }

    /// <summary>The account replicas in <paramref name="location"/> go to: the first of that location's, by name (the service checked there is one).</summary>
    private BlobAccount AccountIn(string location) =>
        accounts.All.Where(a => a.Location == location).OrderBy(a => a.Name, StringComparer.Ordinal).FirstOrDefault()
        ?? throw new OperationFailedException(ErrorCodes.ValidationFailed, ImageMessages.Format("NoStorageAccountServesAnyMore", Locations.Named(location)));

    /// <summary>Removes every blob this operation made in <paramref name="location"/> and the snapshots it took of the image's own disks.</summary>
    private async Task CleanAsync(OperationContext context, string imageName, string location, Image image)
    {
        var none = CancellationToken.None;
        var removed = 0;
        foreach (var account in accounts.All.Where(a => a.Location == location))
            removed += await disks.DeleteOwnedAsync(account, imageName + "-", context.Owner, none);
        foreach (var source in image.Disks.Where(d => d.Location == image.Location))
            await disks.DeleteOwnedSnapshotsAsync(new Uri(source.MediaLink), context.Owner, none);
        if (removed > 0) logger.LogInformation("Removed {Count} uncommitted copies of {Image} in {Location}", removed, imageName, location);
    }

    private async Task SetProgressAsync(OperationContext context, int imageId, string location, int progress, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Set<ImageReplica>().Where(r => r.ImageId == imageId && r.Location == location && r.OperationId == context.Id && r.Progress < progress)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Progress, progress), ct);
    }

    private async Task MarkFailedAsync(OperationContext context, int imageId, string location, string why)
    {
        var error = why.Length > 2000 ? why[..2000] : why;
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Set<ImageReplica>().Where(r => r.ImageId == imageId && r.Location == location && r.OperationId == context.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, ReplicaState.Failed).SetProperty(r => r.Error, error), CancellationToken.None);
    }

    /// <summary>A disk as the operation page lists it: where the copy goes, then which disk.</summary>
    private static string Label(string location, ImageDisk disk) => disk.Lun is { } lun ? ImageMessages.Format("DiskLabelDataDisk", Locations.Named(location), lun) : ImageMessages.Format("DiskLabelOsDisk", Locations.Named(location));

    /// <summary>A fixed VHD's bytes: the disk and its 512-byte footer.</summary>
    private static long DiskBytes(ImageDisk disk) => disk.LogicalSizeInGb * 1024L * 1024 * 1024 + 512;

    private static string Describe(ImageDisk disk) => disk.Lun is { } lun ? ImageMessages.Format("DescribeDataDisk", lun) : ImageMessages.Get("DescribeOsDisk");

    private static string Reason(Exception e) => e switch
    {
        Azure.RequestFailedException r => ImageMessages.Format("StorageAnswered", r.Status, r.ErrorCode),
        DiskCopyFailedException or IOException => e.Message,
        _ => e.GetBaseException().Message,
    };
}
