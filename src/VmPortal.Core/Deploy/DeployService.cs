using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Networks;
using VmPortal.Core.Operations;
using VmPortal.Core.Security;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Deploy;

/// <summary>
/// Deploys VMs from an image (R20–R28). Checks everything synchronously in API.md's order — input, then
/// missing resources, then conflicts, then rules between resources — and only then creates, in one
/// transaction, the cloud service (when asked), the VM rows (status Provisioning, busy with the deploy) and the operation;
/// <see cref="DeployVmHandler"/> copies the disks and boots the guests, all-or-nothing.
/// </summary>
public sealed class DeployService(
    IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, DiskStore disks, OperationQueue queue,
    IDataProtectionProvider protection, TimeProvider time)
{
    internal const string PasswordPurpose = "VmPortal.Deploy.AdminPassword";

    /// <summary>API.md's deploy: into the named cloud service, which is created when it does not exist and a location is given.</summary>
    public Task<PortalResult<OperationView>> DeployAsync(string serviceName, DeployRequest request, Actor actor, CancellationToken ct = default) =>
        DeployAsync(serviceName, request, CloudServiceChoice.CreateOrUse, actor, ct);

    /// <summary>
    /// A deploy as the form asks for it: <see cref="CloudServiceChoice.CreateNew"/> means "a new cloud service", so a name
    /// that is taken is <c>NameConflict</c> instead of a deploy into someone else's service.
    /// </summary>
    public async Task<PortalResult<OperationView>> DeployAsync(
        string serviceName, DeployRequest request, CloudServiceChoice choice, Actor actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checkedDeploy = await CheckAsync(db, serviceName, request, choice, ct);
        if (!checkedDeploy.Succeeded) return checkedDeploy.Error;
        return await CreateAsync(db, checkedDeploy.Value, request, actor, ct);
    }

    /// <summary>
    /// Every check of a deploy, and what it would make — each VM's name and its endpoints with the public ports it would get —
    /// without making anything: the deploy form's review before the final click. A deploy sent right after may still meet
    /// a change made in between (another VM taking a port); it is checked again then.
    /// </summary>
    public async Task<PortalResult<DeployReview>> ReviewAsync(
        string serviceName, DeployRequest request, CloudServiceChoice choice, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var checkedDeploy = await CheckAsync(db, serviceName, request, choice, ct);
        if (!checkedDeploy.Succeeded) return checkedDeploy.Error;
        var c = checkedDeploy.Value;
        var provisioning = request.Provisioning;
        return new DeployReview(c.Image.Name, c.ServiceName, c.Service is null, c.Location, c.Size.Name,
            c.Names.Select((name, i) => new ReviewedVm(name, DeployPlanner.ComputerNameFor(provisioning?.ComputerName, c.Names.Count, i), c.Endpoints[i])).ToList(),
            provisioning?.AdminUserName, c.Vnet?.Name, c.Vnet is null ? null : c.SubnetName, c.Warnings);
    }

    private async Task<PortalResult<CheckedDeploy>> CheckAsync(
        PortalDbContext db, string serviceName, DeployRequest request, CloudServiceChoice choice, CancellationToken ct)
    {
        // 400: the request itself.
        var count = request.Count ?? 1;
        var serviceKey = NameRules.CloudServiceKey(serviceName, "serviceName");
        if (!serviceKey.Succeeded) return serviceKey.Error;
        if (NameRules.VirtualMachine(request.Name) is { } badName) return badName;
        if (count is < 1 or > DeployPlanner.MaxCount) return PortalError.Validation("count", DeployMessages.Format("CountOutOfRange", count, DeployPlanner.MaxCount));
        if (CheckImageChoice(request) is { } badImage) return badImage;
        var size = InstanceSizes.Find(request.InstanceSize ?? "");
        if (size is null)
            return PortalError.Validation("instanceSize", DeployMessages.Format("InstanceSizeUnknown", request.InstanceSize, string.Join(CoreMessages.Get("ListSeparator"), InstanceSizes.All.Select(s => s.Name))));
        string? location = null;
        if (request.Location is not null)
        {
            var resolved = Locations.Resolve(request.Location);
            if (!resolved.Succeeded) return resolved.Error;
            location = resolved.Value;
        }
        if (DeployPlanner.CheckCredentialFormats(request.Provisioning) is { } badCredential) return badCredential;
        if (DeployPlanner.CheckEndpointFormats(request.Network?.Endpoints) is { } badEndpoint) return badEndpoint;
        if (request.MediaLocation is not null && NameRules.StorageAccount(request.MediaLocation, "mediaLocation") is { } badAccount) return badAccount;
        if (request.Network?.VirtualNetwork is { } askedNetwork && NameRules.VirtualNetwork(askedNetwork, "network.virtualNetwork") is { } badNetwork)
            return badNetwork;
        if (request.Network?.Subnet is { } askedSubnet && NameRules.Subnet(askedSubnet, "network.subnet") is { } badSubnet) return badSubnet;

        // 404: what the request names.
        var image = request.ImageName is { } imageName
            ? await db.Images.Include(i => i.Disks).SingleOrDefaultAsync(i => i.NormalizedName == imageName.ToUpperInvariant(), ct)
            : null;
        if (request.ImageName is not null && image is null) return PortalError.NotFound(DeployMessages.Format("WhatImage", request.ImageName));
        var service = await db.CloudServices.Include(c => c.VirtualMachines).SingleOrDefaultAsync(c => c.Name == serviceKey.Value, ct);
        if (service is not null) serviceName = service.Name;
        else
        {
            if (location is null)
                return PortalError.NotFound(DeployMessages.Format("WhatCloudServiceToCreate", serviceName));
            if (NameRules.CloudService(serviceName) is { } badService) return badService with { Field = "serviceName" };
        }
        BlobAccount? media = null;
        if (request.MediaLocation is not null && !accounts.TryGet(request.MediaLocation, out media))
            return PortalError.NotFound(DeployMessages.Format("WhatStorageAccount", request.MediaLocation));
        var vnet = request.Network?.VirtualNetwork is { } vnetName
            ? await db.VirtualNetworks.Named(vnetName).SingleOrDefaultAsync(ct)
            : null;
        if (request.Network?.VirtualNetwork is not null && vnet is null) return PortalError.NotFound(DeployMessages.Format("WhatVirtualNetwork", request.Network.VirtualNetwork));
        var now = time.GetUtcNow();
        if (image is null)
        {
            // The family's latest where the VMs will run, as it is now: the operation and the VMs name the image it resolved to.
            var latest = await ImageFamilies.FindLatestAsync(db.Images, request.ImageFamily!, service?.Location ?? location!, now, ct, "imageFamily");
            if (!latest.Succeeded) return latest.Error;
            image = latest.Value;
        }

        // 409: state.
        if (service is not null && choice == CloudServiceChoice.CreateNew)
            return new PortalError(ErrorCodes.NameConflict,
                DeployMessages.Format("CloudServiceExists", service.Name), "serviceName");
        if (image.State == ImageState.Capturing)
            return new PortalError(ErrorCodes.ImageInUse, DeployMessages.Format("ImageCapturing", image.Name), "imageName");
        if (await db.Operations.AnyAsync(o => o.NormalizedImageName == image.NormalizedName && (o.Kind == OperationKinds.DeleteImage || o.Kind == OperationKinds.PurgeImage)
                && o.Status == OperationStatus.InProgress, ct))
            return new PortalError(ErrorCodes.ImageInUse, DeployMessages.Format("ImageBeingDeleted", image.Name), "imageName");
        if (image.DeletedTime is not null)
            return new PortalError(ErrorCodes.ImageDeleted,
                DeployMessages.Format("ImageInRecycleBin", image.Name, image.PurgeAt), "imageName");
        if (ImageLifecycle.RefuseObsolete(image, now) is { } obsolete) return obsolete;
        var names = DeployPlanner.VmNames(request.Name!, count);
        var taken = names.FirstOrDefault(n => service?.VirtualMachines.Any(v => v.Name.Equals(n, StringComparison.OrdinalIgnoreCase)) == true);
        if (taken is not null)
            return new PortalError(ErrorCodes.NameConflict, DeployMessages.Format("VmNameTaken", serviceName, taken), "name");
        var endpoints = DeployPlanner.PlanEndpoints(request.Network?.Endpoints, image.Os, names.Count, service, out var portConflict);
        if (portConflict is not null) return portConflict;
        if (await CloneCheckAsync(db, image, vnet, request.AcknowledgeSpecializedClone, ct) is { } clone) return clone;

        // 400: rules between resources.
        var serviceLocation = service?.Location ?? location!;
        if (service is not null && location is not null && !location.Equals(service.Location, StringComparison.OrdinalIgnoreCase))
            return new PortalError(ErrorCodes.LocationMismatch,
                DeployMessages.Format("ServiceLocationMismatch", serviceName, Locations.Named(service.Location), Locations.Named(location)), "location");
        var replicaDisks = DeployPlanner.PlanDisks(image, serviceLocation);
        if (replicaDisks is null)
            return new PortalError(ErrorCodes.LocationMismatch, image.Category == ImageCategory.Public
                ? DeployMessages.Format("PublicImageNoReplica", image.Name, Locations.Named(serviceLocation))
                : DeployMessages.Format("UserImageElsewhere", image.Name, Where(image, or: false), serviceName, Locations.Named(serviceLocation), Where(image, or: true)), "imageName");
        if (await disks.MissingBlobsAsync(replicaDisks.Select(d => d.MediaLink), ct) is { Count: > 0 } missing)
            return MissingBlobs.Error(DeployMessages.Format("DeployingFromImage", image.Name), missing) with { Field = "imageName" };
        if (media is not null && media.Location != serviceLocation)
            return new PortalError(ErrorCodes.LocationMismatch,
                DeployMessages.Format("StorageAccountElsewhere", media.Name, Locations.Named(media.Location), Locations.Named(serviceLocation)), "mediaLocation");
        if (vnet is not null && vnet.Location != serviceLocation)
            return new PortalError(ErrorCodes.LocationMismatch,
                DeployMessages.Format("VirtualNetworkElsewhere", vnet.Name, Locations.Named(vnet.Location), Locations.Named(serviceLocation)), "network.virtualNetwork");
        if (vnet is not null && request.Network?.Subnet is { } subnetName && vnet.SubnetNamed(subnetName) is null)
            return PortalError.Validation("network.subnet", DeployMessages.Format("SubnetUnknown", vnet.Name, subnetName, string.Join(CoreMessages.Get("ListSeparator"), vnet.Subnets.Select(s => s.Name))));
        var dataDisks = replicaDisks.Count(d => d.Lun is not null);
        if (dataDisks > size.MaxDataDisks)
            return new PortalError(ErrorCodes.InstanceSizeTooSmall,
                DeployMessages.Format("SizeTooSmall", image.Name, dataDisks, size.Name, size.MaxDataDisks), "instanceSize");
        if (DeployPlanner.CheckProvisioning(image, request.Provisioning, count) is { } provisioningProblem) return provisioningProblem;
        if (image.Os == OsType.Windows && names.Select(n => NameRules.VirtualMachine(n, OsType.Windows)).FirstOrDefault(e => e is not null) is { } tooLong)
            return tooLong;

        var warning = ImageLifecycle.DeployWarning(image, now);
        var subnet = vnet is null ? null : (request.Network?.Subnet is { } asked ? vnet.SubnetNamed(asked)?.Name : null) ?? vnet.Subnets.FirstOrDefault()?.Name;
        return new CheckedDeploy(serviceName, serviceLocation, service, image, size, names, endpoints, media, vnet, subnet,
            warning is null ? [] : [warning]);
    }

    /// <summary>A deploy that passed every check, with the rows it names, read in the context that will create it.</summary>
    private sealed record CheckedDeploy(
        string ServiceName, string Location, CloudService? Service, Image Image, InstanceSize Size, List<string> Names,
        List<List<Endpoint>> Endpoints, BlobAccount? Media, VirtualNetwork? Vnet, string? SubnetName, List<string> Warnings);

    /// <summary>Where a user image can be deployed: its own location, then each location it has a Ready replica in.</summary>
    private static string Where(Image image, bool or)
    {
        var locations = image.Disks.Where(d => d.IsOsDisk).Select(d => d.Location).Prepend(image.Location).Distinct().Select(Locations.Named).ToList();
        if (locations.Count == 1) return locations[0];
        var head = string.Join(CoreMessages.Get("ListSeparator"), locations[..^1]);
        return or ? DeployMessages.Format("LocationsOr", head, locations[^1]) : DeployMessages.Format("LocationsAnd", head, locations[^1]);
    }

    /// <summary>The image by name (R13) or by family, one of the two: both or neither is <c>ValidationFailed</c>.</summary>
    private static PortalError? CheckImageChoice(DeployRequest request) => (request.ImageName, request.ImageFamily) switch
    {
        (not null, not null) => PortalError.Validation("imageFamily",
            DeployMessages.Get("ImageBothChoices")),
        (null, null) => PortalError.Validation("imageName", DeployMessages.Get("ImageNoChoice")),
        (not null, null) => NameRules.Image(request.ImageName),
        _ => ImageFamilies.CheckName(request.ImageFamily, "imageFamily"),
    };

    /// <summary>
    /// The cloud service (when asked), the VMs and the operation with its audit entry: one transaction. Two requests racing
    /// for the same new names both pass the checks; the database's unique names let one win, and the other is told
    /// <c>NameConflict</c> with nothing created.
    /// </summary>
    private async Task<PortalResult<OperationView>> CreateAsync(PortalDbContext db, CheckedDeploy c, DeployRequest request, Actor actor, CancellationToken ct)
    {
        var (serviceName, serviceLocation, service, image, size, names, endpoints, media, vnet, subnetName, warnings) = c;
        var now = time.GetUtcNow();
        var created = service is null;
        service ??= db.CloudServices.Add(new CloudService
        {
            Name = serviceName, Location = serviceLocation, Label = serviceName, CreatedTime = now,
        }).Entity;
        var vms = names.Select((name, i) => new VirtualMachine
        {
            Name = name, InstanceSize = size.Name, Os = image.Os, Status = VmStatus.Provisioning, PowerState = PowerState.Starting,
            SourceImageName = image.Name, CreatedTime = now, Endpoints = endpoints[i],
            VirtualNetworkName = vnet?.Name, SubnetName = subnetName,
        }).ToList();
        service.VirtualMachines.AddRange(vms);

        Operation operation;
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct); // the VM ids go into the operation's payload
            var provisioning = request.Provisioning;
            var payload = new DeployPayload(image.Name, service.Name, created,
                vms.Select((v, i) => new DeployedVm(v.Id, v.Name, DeployPlanner.ComputerNameFor(provisioning?.ComputerName, names.Count, i))).ToList(),
                media?.Name, request.WaitForBoot, provisioning?.AdminUserName,
                provisioning?.AdminPassword is { } password ? protection.CreateProtector(PasswordPurpose).Protect(password) : null,
                provisioning?.SshPublicKey);
            operation = queue.Add(db, OperationKinds.DeployVm, $"{OperationTargets.Vm(service.Name, names[0])}{(names.Count > 1 ? $" (+{names.Count - 1})" : "")}",
                payload, vms[0], actor)!;
            operation.ImageName = image.Name;
            operation.Warnings = warnings;
            foreach (var vm in vms) vm.ActiveOperationId = operation.Id;
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            return await RaceLostAsync(serviceName, names, ct);
        }
        queue.Wake();
        return OperationView.From(operation);
    }

    /// <summary>What another request created first: one of the VM names, or the new cloud service itself.</summary>
    private async Task<PortalError> RaceLostAsync(string serviceName, List<string> names, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var taken = await db.VirtualMachines.Where(v => v.CloudService!.Name == serviceName && names.Contains(v.Name))
            .Select(v => v.Name).FirstOrDefaultAsync(ct);
        return taken is not null
            ? new PortalError(ErrorCodes.NameConflict, DeployMessages.Format("RaceLostVm", serviceName, taken), "name")
            : new PortalError(ErrorCodes.NameConflict, DeployMessages.Format("RaceLostService", serviceName), "serviceName");
    }

    /// <summary>
    /// R26: a specialized Windows image keeps its machine id; deploying it into a virtual network where a VM with
    /// that id already runs needs an explicit acknowledgement.
    /// </summary>
    private async Task<PortalError?> CloneCheckAsync(PortalDbContext db, Image image, VirtualNetwork? vnet, bool acknowledged, CancellationToken ct)
    {
        if (acknowledged || vnet is null || image.OsState != OsState.Specialized || image.Os != OsType.Windows) return null;
        var os = image.Disks.FirstOrDefault(d => d.Lun is null);
        if (os is null) return null;
        Guid? machineId;
        try { machineId = (await disks.ReadGuestRecordAsync(new Uri(os.MediaLink), ct)).Value?.MachineId; }
        catch (Azure.RequestFailedException e) when (e.Status == 404) { return null; } // a missing blob is refused as DiskBlobMissing

        if (machineId is null) return null;
        var twin = await db.VirtualMachines.Include(v => v.CloudService)
            .Where(v => v.VirtualNetworkName == vnet.Name && v.MachineId == machineId && v.PowerState != PowerState.Stopped)
            .Select(v => v.CloudService!.Name + "/" + v.Name).FirstOrDefaultAsync(ct);
        return twin is null ? null : new PortalError(ErrorCodes.SpecializedCloneAcknowledgementRequired,
            DeployMessages.Format("SpecializedClone", twin, vnet.Name, image.Name),
            "acknowledgeSpecializedClone");
    }
}
