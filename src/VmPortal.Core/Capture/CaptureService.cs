using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.VirtualMachines;

namespace VmPortal.Core.Capture;

/// <summary>
/// Captures a VM into a VM image (R6–R13). Checks synchronously in API.md's order, then reserves the image
/// name (an image row in state Capturing, unique by the database) together with the operation and the
/// VM's busy mark, in one transaction; <see cref="CaptureVmImageHandler"/> does the copying.
/// </summary>
public sealed class CaptureService(IDbContextFactory<PortalDbContext> dbFactory, DiskStore disks, OperationQueue queue, TimeProvider time)
{
    public async Task<PortalResult<OperationView>> CaptureAsync(
        string serviceName, string vmName, CaptureRequest request, Actor actor, CancellationToken ct = default)
    {
        if (VmLoader.CheckNames(serviceName, vmName) is { } badName) return badName;
        if (ValidateInput(request, out var osState) is { } invalid) return invalid;
        return await VmClaim.RetryAsync(() => TryCaptureAsync(serviceName, vmName, request, osState, actor, ct), () => Busy(vmName));
    }

    private async Task<PortalResult<OperationView>> TryCaptureAsync(
        string serviceName, string vmName, CaptureRequest request, OsState osState, Actor actor, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.FindAsync(serviceName, vmName, ct);
        if (vm is null) return PortalError.NotFound(CaptureMessages.Format("WhatVm", vmName, serviceName));
        if (vm.ActiveOperationId is not null) return Busy(vm.Name);
        if (await disks.MissingBlobsAsync(vm.Disks.Select(d => d.MediaLink), ct) is { Count: > 0 } missing)
            return MissingBlobs.Error(CaptureMessages.Format("CapturingVm", vm.Name), missing);
        if (await StateBlockerAsync(vm, osState, ct) is { } blocked) return blocked;
        if (await ImageNames.CheckFreeAsync(db, request.ImageName!, ct) is { } taken) return taken;
        var (family, version) = (ImageFields.Cleared(request.ImageFamily ?? ""), ImageFields.Cleared(request.Version ?? ""));
        if (await ImageVersions.CheckFreeAsync(db, family, version, null, ct) is { } versionTaken) return versionTaken;

        var now = time.GetUtcNow();
        var image = new Image
        {
            Name = request.ImageName!, Kind = ImageKind.VMImage, Category = ImageCategory.User, State = ImageState.Capturing,
            Label = string.IsNullOrWhiteSpace(request.ImageLabel) ? request.ImageName! : request.ImageLabel,
            Description = request.Description, Language = request.Language,
            ImageFamily = family, Version = version, ExcludeFromLatest = request.ExcludeFromLatest,
            RecommendedVmSize = request.RecommendedVmSize is null ? null : InstanceSizes.Find(request.RecommendedVmSize)!.Name,
            Location = vm.CloudService!.Location, Os = vm.Os, OsState = osState,
            SourceServiceName = vm.CloudService.Name, SourceVmName = vm.Name,
            RoleStateOnCapture = vm.Status, RoleSizeOnCapture = vm.InstanceSize, CreatedTime = now, ModifiedTime = now,
            Tags = request.Tags is null ? [] : TagRules.ToRows(request.Tags),
        };
        db.Images.Add(image);
        var operation = queue.Add(db, OperationKinds.CaptureVmImage, OperationTargets.Image(image.Name),
            new CaptureVmImageHandler.Payload(image.Name, osState, request.DeleteSourceDisks), vm, actor)!;
        operation.ImageName = image.Name;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // A unique index: another request took the name, or the version in the family, between our check and our write.
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            return await ImageNames.CheckFreeAsync(again, image.Name, ct)
                ?? await ImageVersions.CheckFreeAsync(again, family, version, null, ct)
                ?? ImageNames.Conflict(image.Name, image.Name);
        }
        queue.Wake();
        return OperationView.From(operation);
    }

    private static PortalError Busy(string vmName) =>
        new(ErrorCodes.VmBusy, CaptureMessages.Format("VmBusy", vmName));

    /// <summary>
    /// What a capture would do now: the exact blob names (R7, resolving <c>-NN</c> against what exists),
    /// the consequences for the VM, the R10 warnings and every blocker. Changes nothing.
    /// </summary>
    public async Task<PortalResult<CapturePreview>> PreviewAsync(string serviceName, string vmName, CaptureRequest request, CancellationToken ct = default)
    {
        if (!Enum.TryParse<OsState>(request.OsState, ignoreCase: true, out var osState))
            return PortalError.Validation("osState", CaptureMessages.Get("ChooseOsState"));
        if (VmLoader.CheckNames(serviceName, vmName) is { } badName) return badName;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.FindAsync(serviceName, vmName, ct);
        if (vm is null) return PortalError.NotFound(CaptureMessages.Format("WhatVm", vmName, serviceName));

        var blockers = new List<PortalError>();
        if (vm.ActiveOperationId is not null)
            blockers.Add(new PortalError(ErrorCodes.VmBusy, CaptureMessages.Format("VmBusyBlocker", vm.Name)));
        var missing = await disks.MissingBlobsAsync(vm.Disks.Select(d => d.MediaLink), ct);
        if (missing.Count > 0) blockers.Add(MissingBlobs.Error(CaptureMessages.Format("CapturingVm", vm.Name), missing));
        else if (await StateBlockerAsync(vm, osState, ct) is { } blocked) blockers.Add(blocked);
        var nameProblem = ImageNames.Validate(request.ImageName) ?? await ImageNames.CheckFreeAsync(db, request.ImageName!, ct);
        if (nameProblem is not null) blockers.Add(nameProblem);
        var versionProblem = ImageVersions.Check(request.Version) ?? await ImageVersions.CheckFreeAsync(
            db, ImageFields.Cleared(request.ImageFamily ?? ""), ImageFields.Cleared(request.Version ?? ""), null, ct);
        if (versionProblem is not null) blockers.Add(versionProblem);

        var copies = new List<PlannedCopy>();
        var now = time.GetUtcNow();
        var imageName = nameProblem is null ? request.ImageName! : "<image>";
        foreach (var disk in vm.Disks.OrderBy(d => d.Lun ?? -1))
        {
            var account = disks.Resolve(new Uri(disk.MediaLink)).Account;
            var baseName = disk.Lun is { } lun ? BlobNames.ImageDataDisk(imageName, lun, now) : BlobNames.ImageOsDisk(imageName, now);
            var name = nameProblem is null ? await FirstFreeAsync(account, baseName, ct) : BlobNames.Candidate(baseName, 0);
            copies.Add(new PlannedCopy(disk.Name, disk.Lun, account.Name, name, name != BlobNames.Candidate(baseName, 0)));
        }

        var running = VmPower.IsRunning(vm);
        var consequences = osState == OsState.Generalized
            ?
            [
                CaptureMessages.Format("ConsequenceDeleted", vm.Name),
                request.DeleteSourceDisks
                    ? CaptureMessages.Format("ConsequenceDisksDeleted", vm.Disks.Count)
                    : CaptureMessages.Format("ConsequenceDisksKept", vm.Disks.Count),
            ]
            : new List<string> { running ? CaptureMessages.Format("ConsequenceStaysRunning", vm.Name) : CaptureMessages.Format("ConsequenceStaysStopped", vm.Name) };
        var accounts = string.Join(CoreMessages.Get("ListSeparator"), copies.Select(c => c.StorageAccount).Distinct());
        consequences.Add(copies.Count == 1
            ? CaptureMessages.Format("ConsequenceCopiedOne", copies.Count, accounts)
            : CaptureMessages.Format("ConsequenceCopied", copies.Count, accounts));
        return new CapturePreview(copies, consequences, CaptureWarning.For(osState, running, vm.Os), blockers);
    }

    private static PortalError? ValidateInput(CaptureRequest request, out OsState osState)
    {
        if (!Enum.TryParse(request.OsState, ignoreCase: true, out osState) || !Enum.IsDefined(osState))
            return PortalError.Validation("osState", CaptureMessages.Format("OsStateUnknown", request.OsState));
        if (ImageNames.Validate(request.ImageName) is { } bad) return bad;
        if (request.ImageLabel is { Length: > 100 }) return PortalError.Validation("imageLabel", CaptureMessages.Get("LabelTooLong"));
        if (request.Description is { Length: > 1024 }) return PortalError.Validation("description", CaptureMessages.Get("DescriptionTooLong"));
        if (ImageFamilies.CheckOptional(request.ImageFamily) is { } badFamily) return badFamily;
        if (ImageVersions.Check(request.Version) is { } badVersion) return badVersion;
        if (request.RecommendedVmSize is not null && InstanceSizes.Find(request.RecommendedVmSize) is null)
            return PortalError.Validation("recommendedVmSize", CaptureMessages.Format("RecommendedSizeUnknown", request.RecommendedVmSize));
        return TagRules.Check(request.Tags);
    }

    /// <summary>R9: a generalized capture needs a stopped VM whose guest was generalized (VmNotStopped first).</summary>
    private async Task<PortalError?> StateBlockerAsync(VirtualMachine vm, OsState osState, CancellationToken ct)
    {
        if (osState != OsState.Generalized) return null;
        if (vm.Status is not (VmStatus.StoppedVM or VmStatus.StoppedDeallocated))
            return new PortalError(ErrorCodes.VmNotStopped,
                CaptureMessages.Format("VmNotStopped", vm.Name, DisplayNames.VmStatus(vm.Status).ToLowerInvariant()));
        var guest = await disks.ReadGuestRecordAsync(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink), ct);
        if (guest.Value is not { Generalized: true })
            return new PortalError(ErrorCodes.VmNotGeneralized, vm.Os == OsType.Windows
                ? CaptureMessages.Format("VmNotGeneralizedWindows", vm.Name)
                : CaptureMessages.Format("VmNotGeneralizedLinux", vm.Name));
        return null;
    }

    private static async Task<string> FirstFreeAsync(Storage.BlobAccount account, string baseName, CancellationToken ct)
    {
        foreach (var candidate in BlobNames.Candidates(baseName))
            if (!await account.Vhds.GetBlobClient(candidate).ExistsAsync(ct)) return candidate;
        throw new InvalidOperationException($"No free name for {baseName}.");
    }
}
