using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Deploy;

/// <summary>
/// Deploys VMs from an image (R20–R28). Checks everything synchronously in API.md's order — input, then
/// missing resources, then conflicts, then rules between resources — and only then creates, in one
/// transaction, the cloud service (when asked), the VM rows (status Provisioning) and the operation;
/// <see cref="DeployVmHandler"/> copies the disks and boots the guests, all-or-nothing.
/// </summary>
public sealed class DeployService(
    IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, DiskStore disks, OperationQueue queue,
    IDataProtectionProvider protection, TimeProvider time)
{
    public const int MaxCount = 20;
    internal const string PasswordPurpose = "VmPortal.Deploy.AdminPassword";

    public async Task<PortalResult<OperationView>> DeployAsync(string serviceName, DeployRequest request, string? requestedBy, CancellationToken ct = default)
    {
        // 400: the request itself.
        var count = request.Count ?? 1;
        if (NameRules.VirtualMachine(request.Name) is { } badName) return badName;
        if (count is < 1 or > MaxCount) return PortalError.Validation("count", $"count is {count}; deploy 1 to {MaxCount} VMs at a time.");
        if (string.IsNullOrWhiteSpace(request.ImageName)) return PortalError.Validation("imageName", "imageName is required.");
        var size = InstanceSizes.Find(request.InstanceSize ?? "");
        if (size is null)
            return PortalError.Validation("instanceSize", $"'{request.InstanceSize}' is not an instance size; use one of: {string.Join(", ", InstanceSizes.All.Select(s => s.Name))}.");
        string? location = null;
        if (request.Location is not null)
        {
            var resolved = Locations.Resolve(request.Location);
            if (!resolved.Succeeded) return resolved.Error!;
            location = resolved.Value;
        }
        if (CheckCredentialFormats(request.Provisioning) is { } badCredential) return badCredential;
        if (CheckEndpointFormats(request.Network?.Endpoints) is { } badEndpoint) return badEndpoint;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // 404: what the request names.
        var image = await db.Images.Include(i => i.Disks).SingleOrDefaultAsync(i => i.NormalizedName == request.ImageName.ToUpperInvariant(), ct);
        if (image is null) return PortalError.NotFound($"Image '{request.ImageName}'");
        var service = await db.CloudServices.Include(c => c.VirtualMachines).SingleOrDefaultAsync(c => c.Name == serviceName, ct);
        if (service is null)
        {
            if (location is null)
                return PortalError.NotFound($"Cloud service '{serviceName}' (give a location to create it)");
            if (NameRules.CloudService(serviceName) is { } badService) return badService with { Field = "serviceName" };
        }
        BlobAccount? media = null;
        if (request.MediaLocation is not null && !accounts.TryGet(request.MediaLocation, out media))
            return PortalError.NotFound($"Storage account '{request.MediaLocation}'");
        var vnet = request.Network?.VirtualNetwork is { } vnetName
            ? await db.VirtualNetworks.SingleOrDefaultAsync(n => n.Name == vnetName, ct)
            : null;
        if (request.Network?.VirtualNetwork is not null && vnet is null) return PortalError.NotFound($"Virtual network '{request.Network.VirtualNetwork}'");

        // 409: state.
        if (image.State == ImageState.Capturing)
            return new PortalError(ErrorCodes.ImageInUse, $"Image '{image.Name}' is still being captured; deploy it once its capture has finished.", "imageName");
        if (await db.Operations.AnyAsync(o => o.ImageName == image.Name && o.Kind == OperationKinds.DeleteImage && o.Status == OperationStatus.InProgress, ct))
            return new PortalError(ErrorCodes.ImageInUse, $"Image '{image.Name}' is being deleted.", "imageName");
        var names = count == 1 ? [request.Name!] : Enumerable.Range(1, count).Select(i => $"{request.Name}{i}").ToList();
        var taken = names.FirstOrDefault(n => service?.VirtualMachines.Any(v => v.Name.Equals(n, StringComparison.OrdinalIgnoreCase)) == true);
        if (taken is not null)
            return new PortalError(ErrorCodes.NameConflict, $"Cloud service '{serviceName}' already has a VM named '{taken}'.", "name");
        var endpoints = PlanEndpoints(request.Network?.Endpoints, image.Os, names.Count, service, out var portConflict);
        if (portConflict is not null) return portConflict;
        if (await CloneCheckAsync(db, image, vnet, request.AcknowledgeSpecializedClone, ct) is { } clone) return clone;

        // 400: rules between resources.
        var serviceLocation = service?.Location ?? location!;
        if (service is not null && location is not null && !location.Equals(service.Location, StringComparison.OrdinalIgnoreCase))
            return new PortalError(ErrorCodes.LocationMismatch,
                $"Cloud service '{serviceName}' is in {service.Location}, not {location}; leave location out or pick a cloud service in {location}.", "location");
        var replicaDisks = PlanDisks(image, serviceLocation);
        if (replicaDisks is null)
            return new PortalError(ErrorCodes.LocationMismatch, image.Category == ImageCategory.Public
                ? $"The image '{image.Name}' has no replica in {serviceLocation}: no storage account serves that location."
                : $"The image '{image.Name}' is in {image.Location} but cloud service '{serviceName}' is in {serviceLocation}; deploy into a cloud service in {image.Location}.", "imageName");
        if (media is not null && media.Location != serviceLocation)
            return new PortalError(ErrorCodes.LocationMismatch,
                $"Storage account '{media.Name}' is in {media.Location} but the VM will be in {serviceLocation}; pick a storage account in {serviceLocation}.", "mediaLocation");
        if (vnet is not null && vnet.Location != serviceLocation)
            return new PortalError(ErrorCodes.LocationMismatch,
                $"Virtual network '{vnet.Name}' is in {vnet.Location} but the VM will be in {serviceLocation}.", "network.virtualNetwork");
        if (vnet is not null && request.Network?.Subnet is { } subnetName && vnet.Subnets.All(s => s.Name != subnetName))
            return PortalError.Validation("network.subnet", $"Virtual network '{vnet.Name}' has no subnet '{subnetName}'; it has {string.Join(", ", vnet.Subnets.Select(s => s.Name))}.");
        var dataDisks = replicaDisks.Count(d => d.Lun is not null);
        if (dataDisks > size.MaxDataDisks)
            return new PortalError(ErrorCodes.InstanceSizeTooSmall,
                $"The image '{image.Name}' has {dataDisks} data disks but {size.Name} holds at most {size.MaxDataDisks}; pick a larger size.", "instanceSize");
        if (CheckProvisioning(image, request.Provisioning, count) is { } provisioningProblem) return provisioningProblem;
        if (image.Os == OsType.Windows && names.Select(n => NameRules.VirtualMachine(n, OsType.Windows)).FirstOrDefault(e => e is not null) is { } tooLong)
            return tooLong;

        return await CreateAsync(db, serviceName, serviceLocation, service, image, size, names, endpoints, media, vnet, request, requestedBy, ct);
    }

    private async Task<PortalResult<OperationView>> CreateAsync(
        PortalDbContext db, string serviceName, string serviceLocation, CloudService? service, Image image, InstanceSize size,
        List<string> names, List<List<Endpoint>> endpoints, BlobAccount? media, VirtualNetwork? vnet, DeployRequest request,
        string? requestedBy, CancellationToken ct)
    {
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
            VirtualNetworkName = vnet?.Name, SubnetName = vnet is null ? null : request.Network?.Subnet ?? vnet.Subnets.FirstOrDefault()?.Name,
        }).ToList();
        service.VirtualMachines.AddRange(vms);
        await db.SaveChangesAsync(ct); // the VM ids go into the operation's payload

        var provisioning = request.Provisioning;
        var payload = new DeployPayload(image.Name, service.Name, created,
            vms.Select((v, i) => new DeployedVm(v.Id, v.Name, ComputerNameFor(provisioning?.ComputerName, v.Name, names.Count, i))).ToList(),
            media?.Name, request.WaitForBoot, provisioning?.AdminUserName,
            provisioning?.AdminPassword is { } password ? protection.CreateProtector(PasswordPurpose).Protect(password) : null,
            provisioning?.SshPublicKey);
        var operation = queue.Add(db, OperationKinds.DeployVm, $"{OperationTargets.Vm(service.Name, names[0])}{(names.Count > 1 ? $" (+{names.Count - 1})" : "")}",
            payload, vms[0], requestedBy)!;
        operation.ImageName = image.Name;
        foreach (var vm in vms) vm.ActiveOperationId = operation.Id;
        await db.SaveChangesAsync(ct);
        queue.Wake();
        return OperationView.From(operation);
    }

    private static string? ComputerNameFor(string? asked, string vmName, int count, int index) =>
        asked is null ? null : count == 1 ? asked : $"{asked}{index + 1}";

    /// <summary>The image's disks in <paramref name="location"/>: a public image's replica there, or a user image's own disks.</summary>
    internal static List<ImageDiskPlan>? PlanDisks(Image image, string location)
    {
        var here = image.Disks.Where(d => d.Location.Equals(location, StringComparison.OrdinalIgnoreCase)).ToList();
        if (here.All(d => d.Lun is not null)) return null;
        return here.OrderBy(d => d.Lun ?? -1).Select(d => new ImageDiskPlan(d.Lun, d.MediaLink, d.HostCaching, d.LogicalSizeInGb)).ToList();
    }

    private static PortalError? CheckCredentialFormats(ProvisioningData? p)
    {
        if (p is null) return null;
        if (p.ComputerName is not null && NameRules.VirtualMachine(p.ComputerName, null, "provisioning.computerName") is { } badComputer)
            return badComputer;
        if (p.AdminUserName is { } user && Credentials.CheckUserName(user) is { } badUser) return badUser;
        if (p.AdminPassword is { } password && Credentials.CheckPassword(password) is { } weak) return weak;
        if (p.SshPublicKey is { } key && Credentials.CheckSshKey(key) is { } badKey) return badKey;
        return null;
    }

    private static PortalError? CheckEndpointFormats(IReadOnlyList<EndpointRequest>? endpoints)
    {
        foreach (var (e, i) in (endpoints ?? []).Select((e, i) => (e, i)))
        {
            var field = $"network.endpoints[{i}]";
            if (string.IsNullOrWhiteSpace(e.Name)) return PortalError.Validation(field + ".name", "Every endpoint needs a name.");
            if (e.Protocol?.ToLowerInvariant() is not ("tcp" or "udp")) return PortalError.Validation(field + ".protocol", $"Endpoint '{e.Name}': protocol is tcp or udp.");
            if (e.PublicPort is < 1 or > 65535 || e.LocalPort is < 1 or > 65535)
                return PortalError.Validation(field, $"Endpoint '{e.Name}': ports are 1 to 65535.");
        }
        var duplicate = (endpoints ?? []).GroupBy(e => (e.Protocol?.ToLowerInvariant(), e.PublicPort)).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? null : PortalError.Validation("network.endpoints", $"Public port {duplicate.Key.PublicPort} is given twice.");
    }

    /// <summary>
    /// Each VM's endpoints: the requested ones, or RDP 3389 / SSH 22 by default (R21). Public ports are the
    /// cloud service's, so a default already taken moves to a free high port; a requested one that is taken is a conflict.
    /// </summary>
    private static List<List<Endpoint>> PlanEndpoints(
        IReadOnlyList<EndpointRequest>? requested, OsType os, int count, CloudService? service, out PortalError? conflict)
    {
        conflict = null;
        var used = new HashSet<int>(service?.VirtualMachines.SelectMany(v => v.Endpoints).Select(e => e.PublicPort) ?? []);
        var result = new List<List<Endpoint>>();
        for (var i = 0; i < count; i++)
        {
            if (requested is { Count: > 0 } && i == 0)
            {
                if (requested.FirstOrDefault(e => used.Contains(e.PublicPort)) is { } clash)
                {
                    conflict = new PortalError(ErrorCodes.NameConflict,
                        $"Public port {clash.PublicPort} is already used by another VM in cloud service '{service!.Name}'; pick another.", "network.endpoints");
                    return result;
                }
                var own = requested.Select(e => new Endpoint { Name = e.Name!, Protocol = e.Protocol!.ToLowerInvariant(), PublicPort = e.PublicPort, LocalPort = e.LocalPort }).ToList();
                foreach (var e in own) used.Add(e.PublicPort);
                result.Add(own);
                continue;
            }
            var template = requested is { Count: > 0 }
                ? requested.Select(e => (e.Name!, e.Protocol!.ToLowerInvariant(), e.LocalPort)).ToList()
                : [os == OsType.Windows ? ("RemoteDesktop", "tcp", 3389) : ("SSH", "tcp", 22)];
            var endpoints = new List<Endpoint>();
            foreach (var (name, protocol, local) in template)
            {
                var port = used.Contains(local) ? Enumerable.Range(55001, 10000).First(p => !used.Contains(p)) : local;
                used.Add(port);
                endpoints.Add(new Endpoint { Name = name, Protocol = protocol, PublicPort = port, LocalPort = local });
            }
            result.Add(endpoints);
        }
        return result;
    }

    /// <summary>R21/R22: a generalized image needs provisioning data; a specialized one refuses it.</summary>
    private static PortalError? CheckProvisioning(Image image, ProvisioningData? p, int count)
    {
        if (image.OsState == OsState.Specialized)
        {
            if (p is not null)
                return new PortalError(ErrorCodes.ProvisioningNotAllowedForSpecializedImage,
                    $"The image '{image.Name}' is specialized: its VM keeps the source's computer name, users and machine id, so it takes no provisioning data. Leave provisioning out.", "provisioning");
            if (count > 1)
                return PortalError.Validation("count",
                    $"The image '{image.Name}' is specialized — a snapshot of one machine; deploying several identical copies is what generalized images are for.");
            return null;
        }
        var missing = new List<string>();
        if (string.IsNullOrWhiteSpace(p?.ComputerName)) missing.Add(image.Os == OsType.Windows ? "computer name" : "host name");
        if (string.IsNullOrWhiteSpace(p?.AdminUserName)) missing.Add(image.Os == OsType.Windows ? "admin user name" : "user name");
        if (image.Os == OsType.Windows && string.IsNullOrEmpty(p?.AdminPassword)) missing.Add("admin password");
        if (image.Os == OsType.Linux && string.IsNullOrEmpty(p?.AdminPassword) && string.IsNullOrWhiteSpace(p?.SshPublicKey))
            missing.Add("a password or an SSH public key");
        return missing.Count == 0 ? null : new PortalError(ErrorCodes.ProvisioningRequired,
            $"The image '{image.Name}' is generalized, so the new VM must be provisioned: give {string.Join(", ", missing)}.", "provisioning");
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
        var machineId = (await disks.ReadGuestRecordAsync(new Uri(os.MediaLink), ct)).Value?.MachineId;
        if (machineId is null) return null;
        var twin = await db.VirtualMachines.Include(v => v.CloudService)
            .Where(v => v.VirtualNetworkName == vnet.Name && v.MachineId == machineId && v.PowerState != PowerState.Stopped)
            .Select(v => v.CloudService!.Name + "/" + v.Name).FirstOrDefaultAsync(ct);
        return twin is null ? null : new PortalError(ErrorCodes.SpecializedCloneAcknowledgementRequired,
            $"'{twin}' already runs in virtual network '{vnet.Name}' with the same Windows machine id (SID) as the image '{image.Name}'. " +
            "A specialized image is a snapshot, not a way to clone machines into one network; set acknowledgeSpecializedClone to deploy anyway.",
            "acknowledgeSpecializedClone");
    }
}
