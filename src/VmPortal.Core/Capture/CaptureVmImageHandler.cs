using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Core.Capture;

/// <summary>
/// Runs a capture, all-or-nothing (R12): snapshot every disk at one instant (guest writes paused, R11),
/// copy each snapshot server-side into its own account (R7), verify each copy (R8), then in ONE
/// transaction mark the image Ready with its disk configurations and — for a generalized capture —
/// delete the VM (R9). Any failure before that commit removes every blob the capture made and the
/// reserved image; the VM is never touched before it. A capture interrupted by a restart is rolled back,
/// or, when it had committed, finished.
/// </summary>
public sealed class CaptureVmImageHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    DiskStore disks,
    Storage.BlobAccounts accounts,
    IBlobReferences references,
    IFabric fabric,
    TimeProvider time,
    ILogger<CaptureVmImageHandler> logger) : IOperationHandler
{
    public sealed record Payload(string ImageName, OsState OsState, bool DeleteSourceDisks);

    public sealed class State
    {
        public DateTimeOffset CaptureTime { get; set; }
        public Dictionary<string, string> Snapshots { get; set; } = [];
        public Dictionary<string, string> Copies { get; set; } = [];
        public bool Committed { get; set; }
        public List<string> SourceBlobsToDelete { get; set; } = [];
    }

    public string Kind => OperationKinds.CaptureVmImage;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var payload = context.ReadPayload<Payload>();
        var state = context.ReadState<State>();
        if (context.IsResume)
        {
            if (state is { Committed: true })
            {
                await FinishAsync(state, context, ct);
                return;
            }
            var cleaned = await RollBackAsync(context, payload, state);
            throw new OperationFailedException(context.InterruptedCode,
                CaptureMessages.Format("CaptureInterrupted", payload.ImageName, cleaned));
        }

        state = new State { CaptureTime = time.GetUtcNow() };
        await context.SaveStateAsync(state, ct);
        try
        {
            await CaptureAsync(context, payload, state, ct);
        }
        catch (Exception e) when (!state.Committed && e is not (OperationCanceledException or OperationLeaseLostException))
        {
            var cleaned = await RollBackAsync(context, payload, state);
            var (code, why) = e is OperationFailedException failed ? (failed.Code, failed.Message) : Reason(e);
            throw new OperationFailedException(code, CaptureMessages.Format("CaptureFailed", payload.ImageName, Sentence.Nested(why), cleaned));
        }
        await FinishAsync(state, context, ct);
    }

    /// <summary>Before the commit: rolled back. After it the image stands; snapshots or source blobs left behind are for the health check.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var state = context.ReadState<State>();
        var payload = context.ReadPayload<Payload>();
        if (state is { Committed: true }) return Abandonment.Finished(CaptureMessages.Format("CaptureAbandonedFinished", payload.ImageName));
        await RollBackAsync(context, payload, state);
        return Abandonment.RolledBack;
    }

    private async Task CaptureAsync(OperationContext context, Payload payload, State state, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        var vmDisks = vm.Disks.OrderBy(d => d.Lun ?? -1).ToList();

        // R11: one instant for every disk. The guest's writes wait at the gate while the snapshots are taken.
        await context.ReportAsync(5, CaptureMessages.Format("StepSnapshotting", vmDisks.Count), ct);
        await using (await fabric.PauseGuestWritesAsync(vm.Id, ct))
        {
            // Tagged with the operation: a rollback finds them even if the portal dies before recording them.
            var snapshots = await Task.WhenAll(vmDisks.Select(d => disks.SnapshotAsync(new Uri(d.MediaLink), context.Owner, ct)));
            for (var i = 0; i < vmDisks.Count; i++) state.Snapshots[vmDisks[i].Name] = snapshots[i].AbsoluteUri;
        }
        await context.SaveStateAsync(state, ct);

        // Every disk is copied and verified at once: the capture takes about as long as its slowest disk. Each disk's bytes
        // and phase are on the operation; the status sentence stays one step ("Copying 3 disks").
        var copying = vmDisks.Count == 1 ? CaptureMessages.Format("StepCopyingDisk", vmDisks.Count) : CaptureMessages.Format("StepCopyingDisks", vmDisks.Count);
        await context.ReportDisksAsync(vmDisks.Select(d => DiskProgress.Waiting(Label(d), DiskBytes(d))), ct);
        await context.ReportAsync(10, copying, ct);
        var finished = 0;
        var copies = await Task.WhenAll(vmDisks.Select(async disk =>
        {
            var snapshot = new Uri(state.Snapshots[disk.Name]);
            var baseName = disk.Lun is { } lun
                ? BlobNames.ImageDataDisk(payload.ImageName, lun, state.CaptureTime)
                : BlobNames.ImageOsDisk(payload.ImageName, state.CaptureTime);
            var name = Label(disk);
            await context.ReportDiskAsync(new DiskProgress(name, DiskBytes(disk), 0, DiskCopyPhase.Copying), ct);
            // Tagged with the operation: a rollback finds the copy even if the portal dies before recording it.
            var copy = await disks.CopyAsync(snapshot, disks.Resolve(snapshot).Account, baseName, context.Owner,
                bytes => context.ReportDiskAsync(new DiskProgress(name, bytes.Total, bytes.Copied, DiskCopyPhase.Copying), ct), ct);
            lock (state) state.Copies[disk.Name] = copy.Uri.AbsoluteUri;

            var total = DiskBytes(disk);
            await context.ReportDiskAsync(new DiskProgress(name, total, total, DiskCopyPhase.Verifying), ct);
            var verification = await disks.VerifyCopyAsync(snapshot, copy.Uri, ct);
            if (!verification.IsVerified)
                throw new OperationFailedException(ErrorCodes.InternalError, CaptureMessages.Format("CopyMismatch", Describe(disk), verification));
            await context.ReportDiskAsync(new DiskProgress(name, total, total, DiskCopyPhase.Done), ct);
            var done = Interlocked.Increment(ref finished);
            await context.ReportAsync(10 + 80 * done / vmDisks.Count, copying, ct);
            return (Disk: disk, Snapshot: snapshot, Copy: copy);
        }));
        await context.SaveStateAsync(state, ct);

        await context.ReportAsync(92, CaptureMessages.Get("StepRegistering"), ct);
        await CommitAsync(db, context, vm, copies, payload, state, ct);
    }

    /// <summary>The image, its disks, the VM's deletion (generalized) and the operation's own record: one transaction.</summary>
    private static async Task CommitAsync(
        PortalDbContext db, OperationContext context, VirtualMachine vm, IReadOnlyList<(Disk Disk, Uri Snapshot, DiskCopy Copy)> copies,
        Payload payload, State state, CancellationToken ct)
    {
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == payload.ImageName, ct);
        image.State = ImageState.Ready;
        image.CreatedTime = image.ModifiedTime = state.CaptureTime;
        image.Disks = copies.Select(c => new ImageDisk
        {
            Name = Path.GetFileNameWithoutExtension(c.Copy.BlobName),
            Lun = c.Disk.Lun,
            Location = image.Location,
            HostCaching = c.Disk.HostCaching,
            MediaLink = c.Copy.Uri.AbsoluteUri,
            LogicalSizeInGb = c.Disk.LogicalSizeInGb,
        }).ToList();

        if (payload.OsState == OsState.Generalized)
        {
            // R9: the VM goes only together with the image's commit — never before, never without it.
            state.SourceBlobsToDelete = [.. VmRemoval.Remove(db, vm, payload.DeleteSourceDisks)];
        }
        state.Committed = true;
        try
        {
            await context.CommitAsync(db, state, ct);
        }
        catch
        {
            state.Committed = false;
            state.SourceBlobsToDelete = [];
            throw;
        }
    }

    /// <summary>After the commit: the snapshots go, and — a generalized capture asked to — the source VM's blobs. Each step is idempotent.</summary>
    private async Task FinishAsync(State state, OperationContext context, CancellationToken ct)
    {
        await Task.WhenAll(state.Snapshots.Values.Select(s => disks.DeleteSnapshotAsync(new Uri(s), ct)));
        if (state.SourceBlobsToDelete.Count == 0) return;
        await context.ReportAsync(96, CaptureMessages.Get("StepDeletingSourceDisks"), ct);
        foreach (var blob in state.SourceBlobsToDelete) await disks.DeleteAsync(new Uri(blob), references, ct);
    }

    /// <summary>
    /// Removes every blob this capture made (recorded or only tagged), its snapshots (recorded or only tagged) and the reserved
    /// image. Throws when storage or the database does not let it finish: the operation then stays unfinished and the next
    /// attempt rolls back again.
    /// </summary>
    private async Task<string> RollBackAsync(OperationContext context, Payload payload, State? state)
    {
        var none = CancellationToken.None;
        var snapshots = 0;
        foreach (var snapshot in state?.Snapshots.Values.ToList() ?? [])
        {
            await disks.DeleteSnapshotAsync(new Uri(snapshot), none);
            snapshots++;
        }
        await using var db = await dbFactory.CreateDbContextAsync(none);
        var vmDisks = await db.Disks.Where(d => d.VirtualMachineId == context.VirtualMachineId).Select(d => d.MediaLink).ToListAsync(none);
        foreach (var disk in vmDisks) snapshots += await disks.DeleteOwnedSnapshotsAsync(new Uri(disk), context.Owner, none);
        var copies = 0;
        foreach (var account in accounts.All)
            copies += await disks.DeleteOwnedAsync(account, payload.ImageName + "-", context.Owner, none);
        await db.Images.Where(i => i.Name == payload.ImageName && i.State == ImageState.Capturing).ExecuteDeleteAsync(none);
        logger.LogInformation("Rolled back the capture of {Image}: {Copies} copies and {Snapshots} snapshots removed", payload.ImageName, copies, snapshots);
        return CaptureMessages.Format("CleanedUp",
            copies == 1 ? CaptureMessages.Format("CleanedCopy", copies) : CaptureMessages.Format("CleanedCopies", copies),
            snapshots == 1 ? CaptureMessages.Format("CleanedSnapshot", snapshots) : CaptureMessages.Format("CleanedSnapshots", snapshots));
    }

    private static string Describe(Disk disk) => disk.Lun is { } lun ? CaptureMessages.Format("DescribeDataDisk", lun) : CaptureMessages.Get("DescribeOsDisk");

    private static string Label(Disk disk) => disk.Lun is { } lun ? CaptureMessages.Format("DiskData", lun) : CaptureMessages.Get("DiskOs");

    /// <summary>A disk's blob: its size and the 512-byte VHD footer after it.</summary>
    private static long DiskBytes(Disk disk) => disk.LogicalSizeInGb * 1024L * 1024 * 1024 + 512;

    private static (string Code, string Why) Reason(Exception e) => e switch
    {
        Azure.RequestFailedException r => (ErrorCodes.StorageFailed, CaptureMessages.Format("StorageAnswered", r.Status, r.ErrorCode)),
        DiskCopyFailedException or IOException => (ErrorCodes.StorageFailed, e.Message),
        _ => (ErrorCodes.InternalError, e.GetBaseException().Message),
    };
}
