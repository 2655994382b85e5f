using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Images;
using VmPortal.Core.Storage;
using VmPortal.Core.StorageHealth;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Atomicity;

/// <summary>Every kind of operation, as the crash matrix and the random-fault run drive it.</summary>
public static class CrashCases
{
    private const string Image = "Ubuntu-Server-14.04-LTS";
    private static readonly ProvisioningData Provisioning = new("host", "opsadmin", "Matrix-Pa55word!");

    public static readonly IReadOnlyList<CrashCase> All =
    [
        new(OperationKinds.StartVm,
            async (h, n) => await VmAsync(h, n, VmStatus.StoppedDeallocated),
            (h, a) => Queue(h.Get<VmService>().StartAsync(a.ServiceName!, a.Name, "tests")),
            async (h, a) =>
            {
                var (vm, guest) = await StateAsync(h, a);
                AssertRunning(vm, guest);
                Assert.Equal(a.Guest!.BootCount + 1, guest.BootCount);
            }),
        new(OperationKinds.StopVm,
            async (h, n) => await VmAsync(h, n, VmStatus.ReadyRole),
            (h, a) => Queue(h.Get<VmService>().StopAsync(a.ServiceName!, a.Name, deallocate: true, "tests")),
            async (h, a) =>
            {
                var (vm, guest) = await StateAsync(h, a);
                Assert.Equal(VmStatus.StoppedDeallocated, vm.Status);
                Assert.False(guest.Running);
            }),
        new(OperationKinds.RestartVm,
            async (h, n) => await VmAsync(h, n, VmStatus.ReadyRole),
            (h, a) => Queue(h.Get<VmService>().RestartAsync(a.ServiceName!, a.Name, "tests")),
            async (h, a) =>
            {
                var (vm, guest) = await StateAsync(h, a);
                AssertRunning(vm, guest);
                Assert.Equal(a.Guest!.BootCount + 1, guest.BootCount); // restarted once, however often it was interrupted
            }),
        new(OperationKinds.ResizeVm + " (running)",
            async (h, n) => await VmAsync(h, n, VmStatus.ReadyRole),
            (h, a) => Queue(h.Get<VmService>().ResizeAsync(a.ServiceName!, a.Name, "Large", "tests")),
            async (h, a) =>
            {
                var (vm, guest) = await StateAsync(h, a);
                Assert.Equal("Large", vm.InstanceSize);
                AssertRunning(vm, guest); // a running VM comes back up on its new size, even after a crash mid-way
            }),
        new(OperationKinds.GeneralizeVm,
            async (h, n) => await VmAsync(h, n, VmStatus.StoppedVM),
            (h, a) => Queue(h.Get<VmService>().GeneralizeAsync(a.ServiceName!, a.Name, "tests")),
            async (h, a) =>
            {
                var (vm, guest) = await StateAsync(h, a);
                Assert.True(guest.Generalized);
                Assert.False(guest.Running);
                Assert.Equal(VmStatus.StoppedVM, vm.Status);
                Assert.Null(vm.MachineId);
            }),
        new(OperationKinds.AttachDataDisk + " (new)",
            async (h, n) => await VmAsync(h, n, VmStatus.StoppedVM),
            (h, a) => Queue(h.Get<VmService>().AttachDataDiskAsync(a.ServiceName!, a.Name, new AttachDataDiskRequest(2, SizeInGb: 1), "tests")),
            async (h, a) =>
            {
                var (vm, _) = await StateAsync(h, a);
                var disk = Assert.Single(vm.Disks, d => d.Lun == 2);
                Assert.True((await h.Get<DiskStore>().ValidateAsync(new Uri(disk.MediaLink))).IsValid);
            }),
        new(OperationKinds.AttachDataDisk + " (existing)",
            async (h, n) =>
            {
                var arranged = await VmAsync(h, n, VmStatus.StoppedVM);
                return new Arranged { Name = arranged.Name, Vm = arranged.Vm, ServiceName = arranged.ServiceName, Guest = arranged.Guest, DiskName = await UnattachedDiskAsync(h, n + "-spare") };
            },
            (h, a) => Queue(h.Get<VmService>().AttachDataDiskAsync(a.ServiceName!, a.Name, new AttachDataDiskRequest(2, DiskName: a.DiskName), "tests")),
            async (h, a) => Assert.Equal(2, (await DiskAsync(h, a.DiskName!))!.Lun),
            async (h, a) => Assert.Null((await DiskAsync(h, a.DiskName!))!.VirtualMachineId)),
        new(OperationKinds.DetachDataDisk + " (keep)",
            async (h, n) => await VmAsync(h, n, VmStatus.ReadyRole, luns: [0]),
            (h, a) => Queue(h.Get<VmService>().DetachDataDiskAsync(a.ServiceName!, a.Name, 0, deleteVhd: false, "tests")),
            async (h, a) =>
            {
                var disk = await DiskAsync(h, a.DiskName!);
                Assert.Null(disk!.VirtualMachineId);
                Assert.True(await h.BlobExistsAsync(a.Blobs[0]));
            }),
        new(OperationKinds.DetachDataDisk + " (delete VHD)",
            async (h, n) => await VmAsync(h, n, VmStatus.ReadyRole, luns: [0]),
            (h, a) => Queue(h.Get<VmService>().DetachDataDiskAsync(a.ServiceName!, a.Name, 0, deleteVhd: true, "tests")),
            async (h, a) =>
            {
                Assert.Null(await DiskAsync(h, a.DiskName!));
                Assert.False(await h.BlobExistsAsync(a.Blobs[0]));
            }),
        new(OperationKinds.DeleteVm + " (keep disks)",
            async (h, n) => await VmAsync(h, n, VmStatus.ReadyRole, luns: [0]),
            (h, a) => Queue(h.Get<VmService>().DeleteAsync(a.ServiceName!, a.Name, deleteDisks: false, "tests")),
            async (h, a) =>
            {
                await AssertVmGoneAsync(h, a);
                await using var db = h.Db();
                Assert.Equal(2, await db.Disks.CountAsync(d => a.Vm!.Disks.Select(x => x.Name).Contains(d.Name) && d.VirtualMachineId == null));
                foreach (var blob in a.Blobs) Assert.True(await h.BlobExistsAsync(blob));
            }),
        new(OperationKinds.DeleteVm + " (with disks)",
            async (h, n) => await VmAsync(h, n, VmStatus.ReadyRole, luns: [0]),
            (h, a) => Queue(h.Get<VmService>().DeleteAsync(a.ServiceName!, a.Name, deleteDisks: true, "tests")),
            async (h, a) =>
            {
                await AssertVmGoneAsync(h, a);
                await using var db = h.Db();
                Assert.False(await db.Disks.AnyAsync(d => a.Blobs.Contains(d.MediaLink)));
                foreach (var blob in a.Blobs) Assert.False(await h.BlobExistsAsync(blob));
            }),
        new(OperationKinds.DeleteDisk + " (keep VHD)",
            async (h, n) => await DiskArrangedAsync(h, n),
            (h, a) => Queue(h.Get<DiskService>().DeleteAsync(a.DiskName!, deleteVhd: false, "tests")),
            async (h, a) =>
            {
                Assert.Null(await DiskAsync(h, a.DiskName!));
                Assert.True(await h.BlobExistsAsync(a.Blobs[0]));
            },
            Kept: a => [.. a.Blobs]),
        new(OperationKinds.DeleteDisk + " (with VHD)",
            async (h, n) => await DiskArrangedAsync(h, n),
            (h, a) => Queue(h.Get<DiskService>().DeleteAsync(a.DiskName!, deleteVhd: true, "tests")),
            async (h, a) =>
            {
                Assert.Null(await DiskAsync(h, a.DiskName!));
                Assert.False(await h.BlobExistsAsync(a.Blobs[0]));
            }),
        new(OperationKinds.DeleteImage + " (to the recycle bin)",
            async (h, n) => await ImageArrangedAsync(h, n),
            (h, a) => Queue(h.Get<ImageService>().DeleteAsync(a.ImageName!, deleteVhds: true, "tests")),
            async (h, a) =>
            {
                await using var db = h.Db();
                var image = await db.Images.AsNoTracking().SingleAsync(i => i.Name == a.ImageName);
                Assert.NotNull(image.DeletedTime);
                Assert.True(image.PurgeDeletesVhds);
                foreach (var blob in a.Blobs) Assert.True(await h.BlobExistsAsync(blob));
            }),
        new(OperationKinds.PurgeImage + " (keep VHDs)",
            async (h, n) => await BinnedImageArrangedAsync(h, n),
            (h, a) => Queue(h.Get<ImageService>().PurgeAsync(a.ImageName!, deleteVhds: false, "tests")),
            async (h, a) =>
            {
                await AssertImageGoneAsync(h, a);
                foreach (var blob in a.Blobs) Assert.True(await h.BlobExistsAsync(blob));
            },
            Kept: a => [.. a.Blobs]),
        new(OperationKinds.PurgeImage + " (with VHDs)",
            async (h, n) => await BinnedImageArrangedAsync(h, n),
            (h, a) => Queue(h.Get<ImageService>().PurgeAsync(a.ImageName!, deleteVhds: true, "tests")),
            async (h, a) =>
            {
                await AssertImageGoneAsync(h, a);
                foreach (var blob in a.Blobs) Assert.False(await h.BlobExistsAsync(blob));
            }),
        new(OperationKinds.ReplicateImage,
            async (h, n) => await ImageArrangedAsync(h, n),
            (h, a) => Queue(h.Get<ImageReplicas>().ReplicateAsync(a.ImageName!, ["East US"], "tests")),
            async (h, a) =>
            {
                // Resumed after any crash: the replica is Ready, its blobs in East US's account, verified, nothing else left there.
                await using var db = h.Db();
                var image = await db.Images.AsNoTracking().Include(i => i.Disks).Include(i => i.Replicas).SingleAsync(i => i.Name == a.ImageName);
                Assert.Empty(image.Replicas);
                var east = image.Disks.Where(d => d.Location == "East US").ToList();
                Assert.Equal(2, east.Count);
                foreach (var disk in east)
                {
                    Assert.Equal(h.Storage.East.Name, h.Get<DiskStore>().Resolve(new Uri(disk.MediaLink)).Account.Name);
                    var source = image.Disks.Single(d => d.Location == "West US" && d.Lun == disk.Lun);
                    Assert.True((await h.Get<DiskStore>().VerifyCopyAsync(new Uri(source.MediaLink), new Uri(disk.MediaLink))).IsVerified);
                }
            },
            async (h, a) =>
            {
                // Storage kept failing: the replica is Failed, saying why, and nothing of it is left in East US.
                await using var db = h.Db();
                var image = await db.Images.AsNoTracking().Include(i => i.Disks).Include(i => i.Replicas).SingleAsync(i => i.Name == a.ImageName);
                Assert.All(image.Disks, d => Assert.Equal("West US", d.Location));
                var replica = Assert.Single(image.Replicas);
                Assert.Equal((ReplicaState.Failed, "East US"), (replica.State, replica.Location));
                Assert.False(string.IsNullOrEmpty(replica.Error));
                await foreach (var blob in h.Get<BlobAccounts>().Get(h.Storage.East.Name).Vhds.GetBlobsAsync(
                                   new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = a.ImageName + "-" }))
                    Assert.Fail($"{blob.Name} was left in East US");
            }),
        new(OperationKinds.RemoveImageReplica + " (with VHDs)",
            async (h, n) =>
            {
                var arranged = await ImageArrangedAsync(h, n);
                await h.WaitForSuccessAsync((await h.Get<ImageReplicas>().ReplicateAsync(arranged.ImageName!, ["East US"], "tests")).Ok().Id);
                await using var db = h.Db();
                var replica = await db.Set<ImageDisk>().Where(d => d.Location == "East US" && db.Images.Any(i => i.Id == d.ImageId && i.Name == arranged.ImageName))
                    .Select(d => d.MediaLink).ToListAsync();
                return new Arranged { Name = n, ImageName = arranged.ImageName, Blobs = [.. arranged.Blobs, .. replica] };
            },
            (h, a) => Queue(h.Get<ImageReplicas>().RemoveAsync(a.ImageName!, "East US", deleteVhds: true, "tests")),
            async (h, a) =>
            {
                await using var db = h.Db();
                var image = await db.Images.AsNoTracking().Include(i => i.Disks).SingleAsync(i => i.Name == a.ImageName);
                Assert.All(image.Disks, d => Assert.Equal("West US", d.Location));
                foreach (var blob in a.Blobs) Assert.Equal(blob.Contains(h.Storage.West.Name, StringComparison.Ordinal), await h.BlobExistsAsync(blob));
            }),
        new(OperationKinds.DeployVm,
            (h, n) => Task.FromResult(new Arranged { Name = n, ServiceName = "dep-" + n }),
            (h, a) => Queue(h.Get<DeployService>().DeployAsync(a.ServiceName!, new DeployRequest(a.Name, Image, "Small", "West US", Provisioning: Provisioning), "tests")),
            async (h, a) => await AssertDeployedAsync(h, a, 1),
            async (h, a) => await AssertNotDeployedAsync(h, a)),
        new(OperationKinds.DeployVm + " (bulk of 2)",
            (h, n) => Task.FromResult(new Arranged { Name = n, ServiceName = "bulk-" + n }),
            (h, a) => Queue(h.Get<DeployService>().DeployAsync(a.ServiceName!, new DeployRequest(a.Name, Image, "Small", "West US", Provisioning: Provisioning, Count: 2), "tests")),
            async (h, a) => await AssertDeployedAsync(h, a, 2),
            async (h, a) => await AssertNotDeployedAsync(h, a)),
        new(OperationKinds.CaptureVmImage + " (specialized)",
            async (h, n) => await FingerprintedAsync(h, await VmAsync(h, n, VmStatus.ReadyRole, luns: [0])),
            (h, a) => Queue(h.Get<CaptureService>().CaptureAsync(a.ServiceName!, a.Name, new CaptureRequest("Specialized", "img-" + a.Name), "tests")),
            async (h, a) =>
            {
                await AssertImageReadyAsync(h, "img-" + a.Name, disks: 2);
                Assert.Equal(a.Fingerprint, await h.VmFingerprintAsync(a.Vm!.Id));
            },
            async (h, a) =>
            {
                await AssertNoImageAsync(h, "img-" + a.Name);
                Assert.Equal(a.Fingerprint, await h.VmFingerprintAsync(a.Vm!.Id));
            }),
        new(OperationKinds.CaptureVmImage + " (generalized, deleting the source disks)",
            async (h, n) =>
            {
                var arranged = await VmAsync(h, n, VmStatus.StoppedVM, luns: [0]);
                await h.WaitForSuccessAsync((await h.Get<VmService>().GeneralizeAsync(arranged.ServiceName!, n, "tests")).Ok().Id);
                return await FingerprintedAsync(h, arranged);
            },
            (h, a) => Queue(h.Get<CaptureService>().CaptureAsync(a.ServiceName!, a.Name,
                new CaptureRequest("Generalized", "img-" + a.Name, DeleteSourceDisks: true), "tests")),
            async (h, a) =>
            {
                await AssertImageReadyAsync(h, "img-" + a.Name, disks: 2);
                await AssertVmGoneAsync(h, a);
                foreach (var blob in a.Blobs) Assert.False(await h.BlobExistsAsync(blob));
            },
            async (h, a) =>
            {
                await AssertNoImageAsync(h, "img-" + a.Name);
                Assert.Equal(a.Fingerprint, await h.VmFingerprintAsync(a.Vm!.Id));
            }),
        new(OperationKinds.RepairStorage,
            async (h, n) =>
            {
                var blob = (await TestVhds.DataDiskAsync(h.Get<BlobAccounts>().Get(h.Storage.West.Name))).AbsoluteUri;
                return new Arranged { Name = n, Blobs = [blob], ProblemId = StorageProblemIds.For(StorageProblemKind.OrphanBlob, blob) };
            },
            (h, a) => Queue(h.Get<StorageRepair>().RepairAsync(new StorageRepairRequest([a.ProblemId!]), "tests")),
            async (h, a) => Assert.False(await h.BlobExistsAsync(a.Blobs[0])),
            // A crash never stops a repair, but one storage kept refusing gives up with the orphan as it was, to be repaired again.
            LeftWhenUndone: a => [.. a.Blobs]),
    ];

    private static async Task<Guid> Queue(Task<PortalResult<VmPortal.Core.Operations.OperationView>> queued) => (await queued).Ok().Id;

    private static async Task<Arranged> VmAsync(EstateHost h, string name, VmStatus status, int[]? luns = null)
    {
        var vm = await h.AddVmAsync(name, status: status, dataDiskLuns: luns);
        vm = await h.VmAsync(vm.Id);
        return new Arranged
        {
            Name = name, Vm = vm, ServiceName = vm.CloudService!.Name, Guest = await h.GuestAsync(vm),
            Blobs = vm.Disks.OrderBy(d => d.Lun ?? -1).Select(d => d.MediaLink).Reverse().ToList(),
            DiskName = vm.Disks.FirstOrDefault(d => d.Lun == 0)?.Name,
        };
    }

    private static async Task<Arranged> FingerprintedAsync(EstateHost h, Arranged arranged)
    {
        arranged.Fingerprint = await h.VmFingerprintAsync(arranged.Vm!.Id);
        return arranged;
    }

    private static async Task<(VirtualMachine Vm, GuestRecord Guest)> StateAsync(EstateHost h, Arranged a)
    {
        var vm = await h.VmAsync(a.Vm!.Id);
        return (vm, await h.GuestAsync(vm));
    }

    private static void AssertRunning(VirtualMachine vm, GuestRecord guest)
    {
        Assert.True(vm.Status is VmStatus.RoleStateUnknown or VmStatus.ReadyRole, $"status {vm.Status}");
        Assert.Equal(PowerState.Started, vm.PowerState);
        Assert.True(guest.Running);
    }

    /// <summary>An unattached disk of its own: a blob and its catalogue row, as "detach, keep the disk" leaves one.</summary>
    private static async Task<string> UnattachedDiskAsync(EstateHost h, string name)
    {
        var blob = await TestVhds.DataDiskAsync(h.Get<BlobAccounts>().Get(h.Storage.West.Name));
        await using var db = h.Db();
        db.Disks.Add(new Disk { Name = name, MediaLink = blob.AbsoluteUri, LogicalSizeInGb = 1, CreatedTime = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return name;
    }

    private static async Task<Arranged> DiskArrangedAsync(EstateHost h, string name)
    {
        var disk = await UnattachedDiskAsync(h, name);
        return new Arranged { Name = name, DiskName = disk, Blobs = [(await DiskAsync(h, disk))!.MediaLink] };
    }

    private static async Task<Disk?> DiskAsync(EstateHost h, string name)
    {
        await using var db = h.Db();
        return await db.Disks.AsNoTracking().SingleOrDefaultAsync(d => d.Name == name);
    }

    private static async Task<Arranged> ImageArrangedAsync(EstateHost h, string name)
    {
        var account = h.Get<BlobAccounts>().Get(h.Storage.West.Name);
        var os = await TestVhds.OsDiskAsync(account, OsType.Linux, generalized: false);
        var data = await TestVhds.DataDiskAsync(account);
        var registered = await h.Get<ImageRegistration>().RegisterVmImageAsync(new RegisterVmImageRequest(name, null,
            new OsDiskRegistration(os.AbsoluteUri, "Linux", "Specialized"), [new DataDiskRegistration(data.AbsoluteUri, 0)]), "tests");
        return new Arranged { Name = name, ImageName = registered.Ok().Name, Blobs = [os.AbsoluteUri, data.AbsoluteUri] };
    }

    /// <summary>An image in the recycle bin, where a purge usually finds it.</summary>
    private static async Task<Arranged> BinnedImageArrangedAsync(EstateHost h, string name)
    {
        var arranged = await ImageArrangedAsync(h, name);
        await h.WaitForSuccessAsync((await h.Get<ImageService>().DeleteAsync(arranged.ImageName!, deleteVhds: false, "tests")).Ok().Id);
        return arranged;
    }

    private static async Task AssertVmGoneAsync(EstateHost h, Arranged a)
    {
        await using var db = h.Db();
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.Id == a.Vm!.Id));
    }

    private static async Task AssertImageGoneAsync(EstateHost h, Arranged a)
    {
        await using var db = h.Db();
        Assert.False(await db.Images.AnyAsync(i => i.Name == a.ImageName));
    }

    private static async Task AssertImageReadyAsync(EstateHost h, string name, int disks)
    {
        await using var db = h.Db();
        var image = await db.Images.Include(i => i.Disks).SingleAsync(i => i.Name == name);
        Assert.Equal(ImageState.Ready, image.State);
        Assert.Equal(disks, image.Disks.Count);
        foreach (var disk in image.Disks) Assert.True(await h.BlobExistsAsync(disk.MediaLink));
    }

    private static async Task AssertNoImageAsync(EstateHost h, string name)
    {
        await using var db = h.Db();
        Assert.False(await db.Images.AnyAsync(i => i.Name == name));
    }

    private static async Task AssertDeployedAsync(EstateHost h, Arranged a, int count)
    {
        await using var db = h.Db();
        var vms = await db.VirtualMachines.Include(v => v.Disks).Where(v => v.CloudService!.Name == a.ServiceName).ToListAsync();
        Assert.Equal(count, vms.Count);
        foreach (var vm in vms)
        {
            var guest = await h.GuestAsync(vm);
            AssertRunning(vm, guest);
            Assert.True(guest.Provisioned);
            Assert.Equal(1u, guest.BootCount); // provisioned and booted once, however often it was interrupted
            Assert.True(await h.BlobExistsAsync(vm.Disks.Single().MediaLink));
        }
    }

    private static async Task AssertNotDeployedAsync(EstateHost h, Arranged a)
    {
        await using var db = h.Db();
        Assert.False(await db.CloudServices.AnyAsync(c => c.Name == a.ServiceName));
        Assert.False(await db.VirtualMachines.AnyAsync(v => v.CloudService!.Name == a.ServiceName));
    }
}
