using Azure.Storage.Blobs.Models;
using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric;

/// <summary>R4 and R29: data disks attach at a free LUN within the size's limit, detach keeping or deleting the blob.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class DataDiskTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private VmService Vms => Get<VmService>();

    [Fact]
    public async Task A_new_empty_disk_is_a_sparse_VHD_of_the_asked_size_attached_at_its_LUN()
    {
        var vm = await AddVmAsync("att1", size: "Small");

        var attach = await Vms.AttachDataDiskAsync(vm.CloudService!.Name, "att1", new AttachDataDiskRequest(3, "ReadOnly", "logs", SizeInGb: 20), "tests");

        await this.WaitForSuccessAsync(attach.Ok().Id);
        var disk = (await this.VmAsync(vm.Id)).Disks.Single(d => d.Lun == 3);
        Assert.Equal(HostCaching.ReadOnly, disk.HostCaching);
        Assert.Equal(20, disk.LogicalSizeInGb);
        Assert.StartsWith($"{vm.CloudService.Name}-att1-datadisk-3-", disk.Name);
        var properties = await Get<DiskStore>().Resolve(new Uri(disk.MediaLink)).Blob.GetPropertiesAsync();
        Assert.Equal(20 * VhdFooter.GiB + 512, properties.Value.ContentLength);
        Assert.True((await Get<DiskStore>().ValidateAsync(new Uri(disk.MediaLink))).IsValid);
    }

    [Theory]
    [InlineData(64, 10, null, ErrorCodes.InvalidLun)]
    [InlineData(-1, 10, null, ErrorCodes.InvalidLun)]
    [InlineData(2, 0, null, ErrorCodes.InvalidSize)]
    [InlineData(2, 1024, null, ErrorCodes.InvalidSize)]
    [InlineData(2, 10, "Fast", ErrorCodes.InvalidHostCaching)]
    [InlineData(0, 10, null, ErrorCodes.LunInUse)]
    public async Task A_bad_attach_is_refused_with_its_code_and_changes_nothing(int lun, int size, string? caching, string code)
    {
        var vm = await AddVmAsync("att2", size: "Medium", dataDiskLuns: [0]);
        var before = await SnapshotAsync(vm);

        var result = await Vms.AttachDataDiskAsync(vm.CloudService!.Name, "att2", new AttachDataDiskRequest(lun, caching, SizeInGb: size), "tests");

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal(before, await SnapshotAsync(vm));
    }

    [Fact]
    public async Task A_label_over_100_characters_is_refused_not_cut_and_changes_nothing()
    {
        var vm = await AddVmAsync("att4", size: "Medium");
        var before = await SnapshotAsync(vm);

        var result = await Vms.AttachDataDiskAsync(vm.CloudService!.Name, "att4", new AttachDataDiskRequest(1, Label: new string('l', 101), SizeInGb: 10), "tests");

        Assert.Equal((ErrorCodes.ValidationFailed, "label"), (result.Error?.Code, result.Error?.Field));
        Assert.Contains("101 characters", result.Error!.Message);
        Assert.Equal(before, await SnapshotAsync(vm));
    }

    [Fact]
    public async Task Attaching_beyond_the_sizes_max_data_disks_is_refused_and_changes_nothing()
    {
        var vm = await AddVmAsync("att3", size: "ExtraSmall", dataDiskLuns: [0]);
        var before = await SnapshotAsync(vm);

        var result = await Vms.AttachDataDiskAsync(vm.CloudService!.Name, "att3", new AttachDataDiskRequest(1, SizeInGb: 10), "tests");

        Assert.Equal(ErrorCodes.InstanceSizeTooSmall, result.Error?.Code);
        Assert.Contains("ExtraSmall", result.Error!.Message);
        Assert.Equal(before, await SnapshotAsync(vm));
    }

    [Fact]
    public async Task A_disk_attached_elsewhere_is_refused_as_in_use()
    {
        var owner = await AddVmAsync("att4a", dataDiskLuns: [0]);
        var other = await AddVmAsync("att4b");

        var result = await Vms.AttachDataDiskAsync(other.CloudService!.Name, "att4b",
            new AttachDataDiskRequest(1, DiskName: owner.Disks.Single(d => d.Lun == 0).Name), "tests");

        Assert.Equal(ErrorCodes.DiskInUse, result.Error?.Code);
    }

    [Fact]
    public async Task Detaching_keeps_the_disk_for_reuse_and_another_VM_can_attach_it()
    {
        var first = await AddVmAsync("det1", dataDiskLuns: [4]);
        var second = await AddVmAsync("det2");
        var disk = first.Disks.Single(d => d.Lun == 4);

        var detach = await Vms.DetachDataDiskAsync(first.CloudService!.Name, "det1", 4, deleteVhd: false, "tests");
        await this.WaitForSuccessAsync(detach.Ok().Id);
        var attach = await Vms.AttachDataDiskAsync(second.CloudService!.Name, "det2", new AttachDataDiskRequest(0, DiskName: disk.Name), "tests");
        await this.WaitForSuccessAsync(attach.Ok().Id);

        Assert.DoesNotContain((await this.VmAsync(first.Id)).Disks, d => d.Name == disk.Name);
        Assert.Equal(disk.MediaLink, (await this.VmAsync(second.Id)).Disks.Single(d => d.Lun == 0).MediaLink);
    }

    [Fact]
    public async Task Detaching_with_delete_removes_the_disk_and_its_blob()
    {
        var vm = await AddVmAsync("det3", dataDiskLuns: [1]);
        var disk = vm.Disks.Single(d => d.Lun == 1);

        var detach = await Vms.DetachDataDiskAsync(vm.CloudService!.Name, "det3", 1, deleteVhd: true, "tests");

        await this.WaitForSuccessAsync(detach.Ok().Id);
        await using var db = Db();
        Assert.False(await db.Disks.AnyAsync(d => d.Name == disk.Name));
        Assert.False(await Get<DiskStore>().Resolve(new Uri(disk.MediaLink)).Blob.ExistsAsync());
    }

    [Fact]
    public async Task Detaching_a_LUN_that_holds_no_disk_is_not_found()
    {
        var vm = await AddVmAsync("det4");

        var result = await Vms.DetachDataDiskAsync(vm.CloudService!.Name, "det4", 9, deleteVhd: false, "tests");

        Assert.Equal(ErrorCodes.NotFound, result.Error?.Code);
    }

    [Fact]
    public async Task Resizing_below_the_data_disks_held_is_refused_and_a_running_VM_restarts_on_its_new_size()
    {
        var vm = await AddVmAsync("rsz1", size: "Medium", dataDiskLuns: [0, 1]);
        var service = vm.CloudService!.Name;

        Assert.Equal(ErrorCodes.InstanceSizeTooSmall, (await Vms.ResizeAsync(service, "rsz1", "ExtraSmall", "tests")).Error?.Code);
        Assert.Equal(ErrorCodes.ValidationFailed, (await Vms.ResizeAsync(service, "rsz1", "Huge", "tests")).Error?.Code);
        var bootsBefore = (await Get<DiskStore>().ReadGuestRecordAsync(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink))).Ok().BootCount;

        var resize = await Vms.ResizeAsync(service, "rsz1", "large", "tests");

        await this.WaitForSuccessAsync(resize.Ok().Id);
        Assert.Equal("Large", (await this.VmAsync(vm.Id)).InstanceSize);
        var guest = (await Get<DiskStore>().ReadGuestRecordAsync(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink))).Value!;
        Assert.Equal(bootsBefore + 1, guest.BootCount);
    }

    /// <summary>What "changes nothing" means here: the VM's disks, the operations, and the blobs in its account.</summary>
    private async Task<string> SnapshotAsync(VirtualMachine vm)
    {
        await using var db = Db();
        var disks = await db.Disks.Where(d => d.VirtualMachineId == vm.Id).OrderBy(d => d.Name).Select(d => $"{d.Name}@{d.Lun}").ToListAsync();
        var operations = await db.Operations.CountAsync(o => o.VirtualMachineId == vm.Id);
        var account = Get<DiskStore>().Resolve(new Uri(vm.Disks[0].MediaLink)).Account;
        var blobs = new List<string>();
        await foreach (var blob in account.Vhds.GetBlobsAsync(new GetBlobsOptions { Prefix = vm.CloudService!.Name })) blobs.Add(blob.Name);
        return $"{string.Join(",", disks)} | ops {operations} | {string.Join(",", blobs)}";
    }

    [Fact]
    public async Task A_Chinese_reader_is_refused_in_Chinese_and_an_attach_asked_in_Chinese_reports_in_Chinese()
    {
        var vm = await AddVmAsync("att9", size: "Small");
        using var _ = InCulture.Chinese();

        var refused = await Vms.AttachDataDiskAsync(vm.CloudService!.Name, "att9", new AttachDataDiskRequest(64, SizeInGb: 10), "tests");
        var attach = await Vms.AttachDataDiskAsync(vm.CloudService.Name, "att9", new AttachDataDiskRequest(3, SizeInGb: 20), "tests");
        var operation = await this.WaitForSuccessAsync(attach.Ok().Id);

        Assert.Equal(ErrorCodes.InvalidLun, refused.Error?.Code);
        Assert.Contains("LUN 64 超出范围", refused.Error!.Message);
        Assert.Contains("正在为 LUN 3 创建 20 GB 的磁盘", operation.Steps.Select(s => s.Name));
    }
}
