using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VmPortal.Core.Data;
using VmPortal.Core.Operations;

namespace VmPortal.Core.Images;

/// <summary>
/// Moves an image to the recycle bin: it stays in the catalogue with its blobs and its name, hidden from lists and refused for
/// deploys, until it is restored or purged (by hand, or by <see cref="RecycleBinPurger"/> at its purge time). One change, saved
/// with the operation's state: after a crash it is either made or not.
/// </summary>
public sealed class DeleteImageHandler(IDbContextFactory<PortalDbContext> dbFactory, IOptions<RecycleBinOptions> options, TimeProvider time)
    : IOperationHandler
{
    /// <summary>The id pins the exact row; <see cref="DeleteVhds"/> is remembered for the purge.</summary>
    public sealed record Payload(int ImageId, string Name, bool DeleteVhds);

    /// <summary>When the image went to the bin and when it is purged.</summary>
    public sealed record State(DateTimeOffset DeletedTime, DateTimeOffset PurgeAt);

    public string Kind => OperationKinds.DeleteImage;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Payload>();
        if (context.ReadState<State>() is not null) return; // in the bin already: the change and this state committed together
        await context.ReportAsync(10, ImageMessages.Format("StepMovingToRecycleBin", request.Name), ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await db.Images.SingleOrDefaultAsync(i => i.Id == request.ImageId, ct)
            ?? throw new OperationFailedException(ErrorCodes.NotFound, ImageMessages.Format("PurgedBeforeMovedToRecycleBin", request.Name));
        if (await ImageLookup.InUseByAsync(db, image.Name, exceptOperation: context.Id, ct) is { } other)
            throw new OperationFailedException(ErrorCodes.ImageInUse,
                ImageMessages.Format("CameIntoUseBeforeDeleted", image.Name, other.Kind, other.Id));
        if (image.Protected)
            throw new OperationFailedException(ErrorCodes.ImageProtected, ImageMessages.Format("ProtectedBeforeDeleted", image.Name));

        var now = time.CatalogueNow();
        image.DeletedTime = now;
        image.PurgeAt = now + options.Value.Keep;
        image.PurgeDeletesVhds = request.DeleteVhds;
        image.ConcurrencyStamp = Guid.NewGuid();
        await context.CommitAsync(db, new State(now, image.PurgeAt.Value), ct);
        await context.ReportAsync(99, ImageMessages.Format("InRecycleBinUntil", image.Name, image.PurgeAt), ct);
    }

    /// <summary>Nothing to undo: the image moved to the bin in one commit, with this state, or not at all.</summary>
    public Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct) =>
        Task.FromResult(context.ReadState<State>() is null
            ? Abandonment.RolledBack
            : Abandonment.Finished(ImageMessages.Format("InRecycleBin", context.ReadPayload<Payload>().Name)));
}
