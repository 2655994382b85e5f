using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Disks;
using VmPortal.Core.Storage;

namespace VmPortal.Core.Seeding;

/// <summary>
/// Seeds the demo estate on the first run of an empty portal: VMs whose disks are real copies of the
/// public images, with guest records as provisioning and booting would have left them. Only runs while
/// there is no cloud service at all, so it never touches a portal someone already uses.
/// </summary>
public sealed class DemoDataSeeder(
    IDbContextFactory<PortalDbContext> dbFactory, BlobAccounts accounts, DiskStore disks, TimeProvider time, ILogger<DemoDataSeeder> logger)
{
    public async Task SeedAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.CloudServices.AnyAsync(ct)) return;
        var now = time.GetUtcNow();
        var images = await db.Images.Include(i => i.Disks).Where(i => i.Category == ImageCategory.Public).ToListAsync(ct);
        var services = new Dictionary<string, CloudService>();
        var seeded = 0;

        foreach (var demo in DemoData.Vms)
        {
            var account = accounts.All.FirstOrDefault(a => a.Location == demo.Location);
            var image = images.SingleOrDefault(i => i.Name == demo.Image);
            var replica = image?.Disks.SingleOrDefault(d => d.Location == demo.Location);
            if (account is null || image is null || replica is null) continue; // no storage in that location

            if (!services.TryGetValue(demo.Service, out var service))
            {
                service = new CloudService { Name = demo.Service, Location = demo.Location, Label = demo.Service, CreatedTime = now };
                services[demo.Service] = service;
                db.CloudServices.Add(service);
            }
            service.VirtualMachines.Add(await CreateVmAsync(demo, service.VirtualMachines.Count, image, replica, account, now, ct));
            seeded++;
        }

        if (services.ContainsKey("contoso-web"))
        {
            db.VirtualNetworks.Add(new VirtualNetwork
            {
                Name = "contoso-vnet", Location = "West US", AddressSpace = "10.1.0.0/16",
                Subnets = [new Subnet { Name = "frontend", AddressPrefix = "10.1.1.0/24" }, new Subnet { Name = "backend", AddressPrefix = "10.1.2.0/24" }],
            });
        }
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Seeded {Count} demo VMs in {Services} cloud services", seeded, services.Count);
    }

    /// <summary>Adds one VM as a deploy would have left it (its cloud service too, when missing); tests build their estates with it.</summary>
    public async Task<VirtualMachine> AddAsync(DemoData.DemoVm demo, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var account = accounts.All.First(a => a.Location == demo.Location);
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == demo.Image, ct);
        var replica = image.Disks.Single(d => d.Location == demo.Location);
        var service = await db.CloudServices.Include(c => c.VirtualMachines).SingleOrDefaultAsync(c => c.Name == demo.Service, ct);
        if (service is null)
        {
            service = new CloudService { Name = demo.Service, Location = demo.Location, Label = demo.Service, CreatedTime = now };
            db.CloudServices.Add(service);
        }
        var vm = await CreateVmAsync(demo, service.VirtualMachines.Count, image, replica, account, now, ct);
        service.VirtualMachines.Add(vm);
        await db.SaveChangesAsync(ct);
        return vm;
    }

    private async Task<VirtualMachine> CreateVmAsync(
        DemoData.DemoVm demo, int indexInService, Image image, ImageDisk replica, BlobAccount account, DateTimeOffset now, CancellationToken ct)
    {
        var running = demo.Status == VmStatus.ReadyRole;
        var machineId = Guid.NewGuid();
        var osCopy = await disks.CopyAsync(new Uri(replica.MediaLink), account, BlobNames.VmOsDisk(demo.Service, demo.Name, now), cancellationToken: ct);
        // What provisioning and a first boot (and, for stopped VMs, a clean shutdown) leave in the guest record.
        await disks.WriteGuestRecordAsync(osCopy.Uri, GuestRecord.GeneralizedImage(image.Os) with
        {
            Generalized = false,
            Provisioned = true,
            MachineId = machineId,
            ComputerName = demo.Name,
            AdminUserName = demo.AdminUser,
            BootCount = 1,
            LastBootTime = now,
            Running = running,
        }, ct);

        var vm = new VirtualMachine
        {
            Name = demo.Name, InstanceSize = demo.Size, Os = image.Os, Status = demo.Status,
            PowerState = running ? PowerState.Started : PowerState.Stopped, GuestReady = running,
            SourceImageName = image.Name, CreatedTime = now, MachineId = machineId,
            VirtualNetworkName = demo.Service == "contoso-web" ? "contoso-vnet" : null,
            SubnetName = demo.Service == "contoso-web" ? "frontend" : null,
            Endpoints = [DefaultEndpoint(image.Os, indexInService)],
        };
        vm.Disks.Add(new Disk
        {
            Name = Path.GetFileNameWithoutExtension(osCopy.BlobName), MediaLink = osCopy.Uri.AbsoluteUri, Os = image.Os,
            LogicalSizeInGb = replica.LogicalSizeInGb, HostCaching = HostCaching.ReadWrite, CreatedTime = now,
        });
        foreach (var data in demo.DataDisks)
        {
            var name = BlobNames.Candidate(BlobNames.VmDataDisk(demo.Service, demo.Name, data.Lun, now), 0);
            var uri = await disks.CreateEmptyDiskAsync(account, name, data.SizeInGb, cancellationToken: ct);
            vm.Disks.Add(new Disk
            {
                Name = Path.GetFileNameWithoutExtension(name), MediaLink = uri.AbsoluteUri, Lun = data.Lun,
                LogicalSizeInGb = data.SizeInGb, HostCaching = data.HostCaching, CreatedTime = now,
            });
        }
        return vm;
    }

    /// <summary>RDP or SSH; later VMs of a cloud service share its address, so they get a high public port.</summary>
    private static Endpoint DefaultEndpoint(OsType os, int indexInService)
    {
        var (name, port) = os == OsType.Windows ? ("RemoteDesktop", 3389) : ("SSH", 22);
        return new Endpoint { Name = name, Protocol = "tcp", PublicPort = indexInService == 0 ? port : 55000 + indexInService, LocalPort = port };
    }
}
