using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;

namespace VmPortal.Bench;

/// <summary>
/// A large catalogue written straight into the database: cloud services of 50 VMs, each VM with an OS disk and (every
/// other one) a data disk, and user images with their OS disks. Rows only — their blobs do not exist, so anything that
/// asks storage per row pays a round trip that answers "not found", as fast as storage ever answers.
/// </summary>
public sealed class ScaleEstate(IDbContextFactory<PortalDbContext> dbFactory, string blobEndpoint)
{
    private const int VmsPerService = 50;
    private const int Batch = 2_000;
    private static readonly VmStatus[] Statuses = [VmStatus.ReadyRole, VmStatus.StoppedDeallocated, VmStatus.StoppedVM, VmStatus.ReadyRole];
    private static readonly string[] Sizes = ["ExtraSmall", "Small", "Medium", "Large"];
    private static readonly DateTimeOffset Created = new(2031, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public int Vms { get; private set; }
    public int Images { get; private set; }

    /// <summary>Adds VMs until there are <paramref name="vms"/>, and images until there are <paramref name="images"/>.</summary>
    public async Task GrowToAsync(int vms, int images)
    {
        for (var from = Vms; from < vms; from += Batch) await AddVmsAsync(from, Math.Min(vms, from + Batch));
        Vms = Math.Max(Vms, vms);
        for (var from = Images; from < images; from += Batch) await AddImagesAsync(from, Math.Min(images, from + Batch));
        Images = Math.Max(Images, images);
    }

    private async Task AddVmsAsync(int from, int to)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var services = new Dictionary<int, CloudService>();
        for (var i = from; i < to; i++)
        {
            var index = i / VmsPerService;
            if (!services.TryGetValue(index, out var service))
            {
                service = i % VmsPerService == 0
                    ? new CloudService { Name = $"svc{index:D5}", Location = "West US", Label = $"svc{index:D5}", CreatedTime = Created }
                    : await db.CloudServices.SingleAsync(c => c.Name == $"svc{index:D5}");
                if (service.Id == 0) db.CloudServices.Add(service);
                services[index] = service;
            }
            var name = $"vm{i:D6}";
            var os = i % 3 == 0 ? OsType.Windows : OsType.Linux;
            var status = Statuses[i % Statuses.Length];
            var vm = new VirtualMachine
            {
                Name = name, InstanceSize = Sizes[i % Sizes.Length], Os = os, Status = status,
                PowerState = status == VmStatus.ReadyRole ? PowerState.Started : PowerState.Stopped, GuestReady = status == VmStatus.ReadyRole,
                SourceImageName = $"image{i % 1000:D5}", CreatedTime = Created, MachineId = Guid.NewGuid(), CloudService = service,
            };
            vm.Disks.Add(new Disk
            {
                Name = $"{service.Name}-{name}-os", MediaLink = $"{blobEndpoint}/vhds/{service.Name}-{name}-os.vhd", Os = os,
                LogicalSizeInGb = 127, HostCaching = HostCaching.ReadWrite, CreatedTime = Created,
            });
            if (i % 2 == 0)
            {
                vm.Disks.Add(new Disk
                {
                    Name = $"{service.Name}-{name}-data0", MediaLink = $"{blobEndpoint}/vhds/{service.Name}-{name}-data0.vhd", Lun = 0,
                    LogicalSizeInGb = 1023, HostCaching = HostCaching.None, CreatedTime = Created,
                });
            }
            db.VirtualMachines.Add(vm);
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
    }

    private async Task AddImagesAsync(int from, int to)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = from; i < to; i++)
        {
            var name = $"image{i:D5}";
            var kind = i % 4 == 0 ? ImageKind.VMImage : ImageKind.OSImage;
            var image = new Image
            {
                Name = name, Label = $"Image {i}", Description = $"Nightly build {i}", Location = "West US", Kind = kind, Category = ImageCategory.User,
                State = ImageState.Ready, Os = i % 3 == 0 ? OsType.Windows : OsType.Linux, OsState = i % 2 == 0 ? OsState.Generalized : OsState.Specialized,
                ImageFamily = $"family{i % 40:D2}", CreatedTime = Created, ModifiedTime = Created,
            };
            image.Disks.Add(new ImageDisk
            {
                Name = $"{name}-os", Location = "West US", HostCaching = HostCaching.ReadWrite, LogicalSizeInGb = 127,
                MediaLink = $"{blobEndpoint}/vhds/{name}-os.vhd",
            });
            db.Images.Add(image);
        }
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync();
    }
}
