using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Core.Deploy;

/// <summary>
/// Runs a deploy (R23, R24): copies every image disk to new blobs for each new VM (the image's own blobs are
/// never attached), verifies them, attaches them in one transaction — the commit point — then boots each guest,
/// provisioning a generalized one (R21). Anything failing before the commit removes every blob and snapshot this deploy
/// made (each is tagged with the operation), its VM rows and (when this deploy made it) the cloud service; a guest that
/// cannot be provisioned afterwards leaves its VM in ProvisioningFailed. Interrupted before the commit: rolled back;
/// after it: the boots are finished, without booting a guest twice.
/// </summary>
public sealed class DeployVmHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    DiskStore disks,
    BlobAccounts accounts,
    VmPower power,
    FabricClock clock,
    IDataProtectionProvider protection,
    ILogger<DeployVmHandler> logger) : IOperationHandler
{
    public sealed class State
    {
        public bool Committed { get; set; }
        public List<int> Booted { get; set; } = [];
    }

    public string Kind => OperationKinds.DeployVm;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var payload = context.ReadPayload<DeployPayload>();
        var state = context.ReadState<State>() ?? new State();
        if (context.IsResume && !state.Committed)
        {
            var cleaned = await RollBackAsync(context, payload);
            throw new OperationFailedException(context.InterruptedCode,
                DeployMessages.Format("DeployInterrupted", cleaned));
        }
        if (!state.Committed)
        {
            try
            {
                await CopyAndAttachAsync(context, payload, state, ct);
            }
            catch (Exception e) when (e is not (OperationCanceledException or OperationLeaseLostException))
            {
                var cleaned = await RollBackAsync(context, payload);
                var (code, why) = Reason(e);
                throw new OperationFailedException(code, DeployMessages.Format("DeployFailed", Sentence.Nested(why), cleaned));
            }
        }
        await BootAllAsync(context, payload, state, ct);
        if (payload.WaitForBoot) await WaitUntilReadyAsync(context, payload, ct);
    }

    /// <summary>Before the commit: rolled back. After it: each VM says what its guest is, and the boots that kept failing are not tried again.</summary>
    public async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        var payload = context.ReadPayload<DeployPayload>();
        if (context.ReadState<State>() is not { Committed: true })
        {
            await RollBackAsync(context, payload);
            return Abandonment.RolledBack;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var ids = payload.Vms.Select(v => v.Id).ToList();
        foreach (var vm in await db.WithDisks().Where(v => ids.Contains(v.Id)).ToListAsync(ct))
            await power.SettleAsync(vm, ct);
        return Abandonment.Kept(DeployMessages.Get("DeployAbandonedKept"));
    }

    private static (string Code, string Why) Reason(Exception e) => e switch
    {
        OperationFailedException f => (f.Code, f.Message),
        Azure.RequestFailedException r => (ErrorCodes.StorageFailed, DeployMessages.Format("StorageAnswered", r.Status, r.ErrorCode)),
        DiskCopyFailedException or IOException => (ErrorCodes.StorageFailed, e.Message),
        _ => (ErrorCodes.InternalError, e.GetBaseException().Message),
    };

    private async Task CopyAndAttachAsync(OperationContext context, DeployPayload payload, State state, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var image = await db.Images.Include(i => i.Disks).SingleOrDefaultAsync(i => i.Name == payload.ImageName, ct)
            ?? throw new OperationFailedException(ErrorCodes.NotFound, DeployMessages.Format("ImageDeletedMeanwhile", payload.ImageName));
        var service = await db.CloudServices.SingleAsync(c => c.Name == payload.ServiceName, ct);
        var plan = DeployPlanner.PlanDisks(image, service.Location)
            ?? throw new OperationFailedException(ErrorCodes.LocationMismatch, DeployMessages.Format("ImageNoDisksIn", Locations.Named(service.Location)));
        var now = clock.Now;
        var total = plan.Count * payload.Vms.Count;
        var done = 0;
        // Each disk's bytes and phase are on the operation; the status sentence stays one step.
        var copying = total == 1
            ? DeployMessages.Format("StepCopyingDisk", total, image.Name)
            : DeployMessages.Format("StepCopyingDisks", total, image.Name);
        string Label(DeployedVm vm, ImageDiskPlan disk)
        {
            var which = disk.Lun is { } l ? DeployMessages.Format("DiskData", l) : DeployMessages.Get("DiskOs");
            return payload.Vms.Count == 1 ? which : DeployMessages.Format("DiskOfVm", vm.Name, which);
        }
        static long Bytes(ImageDiskPlan disk) => disk.LogicalSizeInGb * 1024L * 1024 * 1024 + 512;
        await context.ReportDisksAsync(payload.Vms.SelectMany(vm => plan.Select(d => DiskProgress.Waiting(Label(vm, d), Bytes(d)))), ct);
        await context.ReportAsync(5, copying, ct);

        var copies = await Task.WhenAll(payload.Vms.SelectMany(vm => plan.Select(async disk =>
        {
            var source = new Uri(disk.MediaLink);
            var account = payload.MediaAccount is { } media ? accounts.Get(media) : disks.Resolve(source).Account;
            var baseName = disk.Lun is { } lun
                ? BlobNames.VmDataDisk(payload.ServiceName, vm.Name, lun, now)
                : BlobNames.VmOsDisk(payload.ServiceName, vm.Name, now);
            var name = Label(vm, disk);
            var bytes = Bytes(disk);
            await context.ReportDiskAsync(new DiskProgress(name, bytes, 0, DiskCopyPhase.Copying), ct);
            var copy = await disks.CopyAsync(source, account, baseName, context.Owner,
                copied => context.ReportDiskAsync(new DiskProgress(name, copied.Total, copied.Copied, DiskCopyPhase.Copying), ct), ct);
            await context.ReportDiskAsync(new DiskProgress(name, bytes, bytes, DiskCopyPhase.Verifying), ct);
            var verification = await disks.VerifyCopyAsync(source, copy.Uri, ct);
            if (!verification.IsVerified)
                throw new OperationFailedException(ErrorCodes.InternalError, disk.Lun is { } l
                    ? DeployMessages.Format("CopyMismatchData", l, vm.Name, verification)
                    : DeployMessages.Format("CopyMismatchOs", vm.Name, verification));
            await context.ReportDiskAsync(new DiskProgress(name, bytes, bytes, DiskCopyPhase.Done), ct);
            var finished = Interlocked.Increment(ref done);
            await context.ReportAsync(5 + 55 * finished / total, copying, ct);
            return (Vm: vm, Disk: disk, Copy: copy);
        })));

        await context.ReportAsync(62, DeployMessages.Get("StepAttachingDisks"), ct);
        foreach (var (vm, disk, copy) in copies)
        {
            db.Disks.Add(new Disk
            {
                Name = Path.GetFileNameWithoutExtension(copy.BlobName), MediaLink = copy.Uri.AbsoluteUri, CreatedTime = now,
                LogicalSizeInGb = disk.LogicalSizeInGb, HostCaching = disk.HostCaching, Lun = disk.Lun,
                Os = disk.Lun is null ? image.Os : null, VirtualMachineId = vm.Id,
            });
        }
        state.Committed = true;
        try
        {
            await context.CommitAsync(db, state, ct);
        }
        catch
        {
            state.Committed = false;
            throw;
        }
    }

    private async Task BootAllAsync(OperationContext context, DeployPayload payload, State state, CancellationToken ct)
    {
        var password = payload.ProtectedPassword is { } sealedPassword
            ? protection.CreateProtector(DeployService.PasswordPurpose).Unprotect(sealedPassword)
            : null;
        var failures = new List<string>();
        await Task.WhenAll(payload.Vms.Where(v => !state.Booted.Contains(v.Id)).Select(async planned =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var vm = await db.WithDisks().SingleAsync(v => v.Id == planned.Id, ct);
            var provisioning = planned.ComputerName is null
                ? null
                : new ProvisioningRequest(planned.ComputerName, payload.AdminUserName!, password, payload.SshPublicKey);
            try
            {
                await power.EnsureRunningAsync(vm, provisioning, context, ct);
            }
            catch (OperationFailedException e) when (e.Code == ErrorCodes.ProvisioningFailed)
            {
                // R23: the disks exist, the guest could not be provisioned — the VM stays, marked as such.
                await power.SetAsync(vm.Id, VmStatus.ProvisioningFailed, PowerState.Stopped, null, ct);
                lock (failures) failures.Add(DeployMessages.Format("ProvisioningFailure", vm.Name, e.Message));
                return;
            }
            lock (state) state.Booted.Add(vm.Id);
            await context.SaveStateAsync(state, ct);
        }));
        if (failures.Count > 0)
            throw new OperationFailedException(ErrorCodes.ProvisioningFailed, DeployMessages.Format("ProvisioningFailed", string.Join(DeployMessages.Get("ProvisioningFailureSeparator"), failures)));
        await context.ReportAsync(90, payload.Vms.Count == 1 ? DeployMessages.Get("StepGuestBooting") : DeployMessages.Get("StepGuestsBooting"), ct);
    }

    /// <summary><c>waitForBoot</c>: the operation ends when every guest answers RDP/SSH.</summary>
    private async Task WaitUntilReadyAsync(OperationContext context, DeployPayload payload, CancellationToken ct)
    {
        var ids = payload.Vms.Select(v => v.Id).ToList();
        var deadline = clock.Now + clock.Scaled(FabricClock.GuestReady) * 3 + TimeSpan.FromSeconds(10);
        while (clock.Now < deadline)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            if (await db.VirtualMachines.Where(v => ids.Contains(v.Id)).AllAsync(v => v.GuestReady, ct)) return;
            await Task.Delay(TimeSpan.FromTicks(Math.Clamp(clock.Scaled(FabricClock.Heartbeat).Ticks, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(2).Ticks)), clock.Time, ct);
        }
        throw new OperationFailedException(ErrorCodes.InternalError, DeployMessages.Get("GuestNotReady"));
    }

    /// <summary>
    /// Removes every blob this deploy made (recorded or only tagged), the snapshots it took of the image's blobs, its VM and
    /// disk rows, and the cloud service when it made it — the rows in one transaction. Throws when storage or the database
    /// does not let it finish: the operation then stays unfinished and the next attempt rolls back again.
    /// </summary>
    private async Task<string> RollBackAsync(OperationContext context, DeployPayload payload)
    {
        var none = CancellationToken.None;
        var blobs = 0;
        foreach (var account in accounts.All)
            blobs += await disks.DeleteOwnedAsync(account, payload.ServiceName + "-", context.Owner, none);
        await using var db = await dbFactory.CreateDbContextAsync(none);
        var sources = await db.Set<ImageDisk>().Where(d => db.Images.Any(i => i.Id == d.ImageId && i.Name == payload.ImageName))
            .Select(d => d.MediaLink).ToListAsync(none);
        foreach (var source in sources) await disks.DeleteOwnedSnapshotsAsync(new Uri(source), context.Owner, none);

        var ids = payload.Vms.Select(v => v.Id).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(none))
        {
            await db.Disks.Where(d => d.VirtualMachineId != null && ids.Contains(d.VirtualMachineId.Value)).ExecuteDeleteAsync(none);
            await db.VirtualMachines.Where(v => ids.Contains(v.Id)).ExecuteDeleteAsync(none);
            if (payload.CreatedService)
                await db.CloudServices.Where(c => c.Name == payload.ServiceName && !c.VirtualMachines.Any()).ExecuteDeleteAsync(none);
            await transaction.CommitAsync(none);
        }
        logger.LogInformation("Rolled back the deploy into {Service}: {Blobs} blobs removed", payload.ServiceName, blobs);
        var copied = blobs == 1 ? DeployMessages.Format("CleanedBlob", blobs) : DeployMessages.Format("CleanedBlobs", blobs);
        return (ids.Count == 1, payload.CreatedService) switch
        {
            (true, false) => DeployMessages.Format("CleanedVm", copied),
            (false, false) => DeployMessages.Format("CleanedVms", copied),
            (true, true) => DeployMessages.Format("CleanedVmAndService", copied),
            (false, true) => DeployMessages.Format("CleanedVmsAndService", copied),
        };
    }
}
