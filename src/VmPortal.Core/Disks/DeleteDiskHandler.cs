using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Data;
using VmPortal.Core.Operations;

namespace VmPortal.Core.Disks;

/// <summary>What a DeleteDisk operation deletes. The id and media link pin the exact row, whatever reuses the name later.</summary>
public sealed record DeleteDiskPayload(int DiskId, string Name, string MediaLink, bool DeleteVhd);

/// <summary>
/// Removes a disk from the catalogue, then (when asked) its blob — unless another disk or image still uses it (R17).
/// The row's removal is the commit point; each step is idempotent, so a restarted portal simply runs it again and
/// finishes the blob (which the operation's payload names, so the storage health check never counts it as an orphan meanwhile).
/// </summary>
public sealed class DeleteDiskHandler(
    IDbContextFactory<PortalDbContext> dbFactory, DiskStore store, IBlobReferences references, ILogger<DeleteDiskHandler> logger)
    : IOperationHandler
{
    public string Kind => OperationKinds.DeleteDisk;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<DeleteDiskPayload>();
        await context.ReportAsync(10, DiskMessages.Format("StepRemovingFromCatalogue", request.Name), ct);
        await RemoveRowAsync(request, ct);
        if (!request.DeleteVhd) return;

        await context.ReportAsync(50, DiskMessages.Format("StepDeletingBlob", request.Name), ct);
        DiskDeletion deletion;
        try
        {
            deletion = await store.DeleteAsync(new Uri(request.MediaLink), references, ct);
        }
        catch (ArgumentException)
        {
            throw new OperationFailedException(ErrorCodes.ValidationFailed,
                DiskMessages.Format("RemovedNoAccountForBlob", request.Name, request.MediaLink));
        }
        logger.LogInformation("DeleteDisk {Name}: {Outcome} — {Message}", request.Name, deletion.Outcome, deletion.Message);
    }

    /// <summary>Nothing to undo: the row went in one transaction or not at all; a blob left behind is an orphan the health check lists.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<DeleteDiskPayload>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Disks.AnyAsync(d => d.Id == request.DiskId, ct)
            ? Abandonment.RolledBack
            : Abandonment.Finished(DiskMessages.Format("DeletedButNotBlob", request.Name));
    }

    private async Task RemoveRowAsync(DeleteDiskPayload request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var disk = await db.Disks.SingleOrDefaultAsync(d => d.Id == request.DiskId && d.MediaLink == request.MediaLink, cancellationToken);
        if (disk is null) return; // gone already: a resumed run, or deleted in the meantime
        if (disk.VirtualMachineId is not null) throw AttachedMeanwhile(request.Name);
        db.Disks.Remove(disk);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw AttachedMeanwhile(request.Name);
        }
    }

    private static OperationFailedException AttachedMeanwhile(string name) =>
        new(ErrorCodes.DiskInUse, DiskMessages.Format("AttachedBeforeDeleted", name));
}
