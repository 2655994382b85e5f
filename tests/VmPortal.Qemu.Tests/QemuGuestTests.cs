using Microsoft.EntityFrameworkCore;
using VmPortal.Core;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Deploy;
using VmPortal.Core.Disks;
using VmPortal.Core.Fabric.Qemu;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Qemu.Tests;

/// <summary>
/// The portal's rules against a real guest: VMs are QEMU processes booting "VmPortal Linux" from their page blobs, and the
/// guest agent inside — not the portal — writes the guest record (R5) and heartbeats (R5a). What a test reads back it reads
/// from the disks and the guest itself.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class QemuGuestTests(AzuriteFixture azurite) : QemuHost(azurite)
{
    private static readonly TimeSpan Boot = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_provisioned_guest_is_who_was_asked_and_its_specialized_image_boots_with_its_files_and_identity()
    {
        var source = await DeployAsync("qsvc-a", "qlin01", ImageName, new ProvisioningData("qlin01", "opsadmin", "Qemu-Test-Pa55!"));
        var record = await GuestAsync(source);
        Assert.Equal(("qlin01", "opsadmin", true, false, true), (record.ComputerName, record.AdminUserName, record.Provisioned, record.Generalized, record.Running));
        Assert.NotNull(record.MachineId);
        Assert.Contains(Machine(source.Id).ConsoleTail(50), line => line.Contains("qlin01", StringComparison.Ordinal));
        await ReadyAsync(source);

        await RunAsync(source, "echo written-inside-the-guest > /root/proof");
        var capture = await Get<CaptureService>().CaptureAsync("qsvc-a", "qlin01", new CaptureRequest("Specialized", "qlin01-snap"), "tests");
        Assert.True(capture.Succeeded, capture.Error?.Message);
        Measured("capture Specialized of a running guest", await this.WaitForSuccessAsync(capture.Value.Id, Boot));
        Assert.Equal(VmStatus.ReadyRole, (await this.VmAsync(source.Id)).Status);

        var copy = await DeployAsync("qsvc-b", "qlin02", "qlin01-snap", provisioning: null);
        await ReadyAsync(copy);
        await RunAsync(copy, "grep -qx written-inside-the-guest /root/proof");
        Assert.Equal(record.MachineId, (await GuestAsync(copy)).MachineId);
        await StopAsync(source, copy);
    }

    [Fact]
    public async Task A_deprovisioned_guest_captured_generalized_deploys_twice_as_two_machines()
    {
        var source = await DeployAsync("qsvc-g", "qgen01", ImageName, new ProvisioningData("qgen01", "opsadmin", "Qemu-Test-Pa55!"));
        var deprovision = await Get<VmService>().GeneralizeAsync("qsvc-g", "qgen01", "tests");
        Assert.True(deprovision.Succeeded, deprovision.Error?.Message);
        await this.WaitForSuccessAsync(deprovision.Value.Id, Boot);
        var generalized = await GuestAsync(source);
        Assert.Equal((true, false, null, null), (generalized.Generalized, generalized.Running, generalized.ComputerName, generalized.MachineId));

        var capture = await Get<CaptureService>().CaptureAsync("qsvc-g", "qgen01", new CaptureRequest("Generalized", "qgen-image"), "tests");
        Assert.True(capture.Succeeded, capture.Error?.Message);
        await this.WaitForSuccessAsync(capture.Value.Id, Boot);

        var first = await DeployAsync("qsvc-h", "qnew01", "qgen-image", new ProvisioningData("qnew01", "opsadmin", "Qemu-Test-Pa55!"));
        var second = await DeployAsync("qsvc-i", "qnew02", "qgen-image", new ProvisioningData("qnew02", "opsadmin", "Qemu-Test-Pa55!"));
        await ReadyAsync(first);
        await ReadyAsync(second);
        var (one, two) = (await GuestAsync(first), await GuestAsync(second));
        Assert.NotNull(one.MachineId);
        Assert.NotNull(two.MachineId);
        Assert.NotEqual(one.MachineId, two.MachineId);
        Assert.Equal(("qnew01", "qnew02"), (one.ComputerName, two.ComputerName));
        await StopAsync(first, second);
    }

    [Fact]
    public async Task A_guest_killed_in_the_middle_of_writing_is_recorded_stopped_and_boots_again_saying_it_went_down_unexpectedly()
    {
        var vm = await DeployAsync("qsvc-k", "qkill01", ImageName, new ProvisioningData("qkill01", "opsadmin", "Qemu-Test-Pa55!"));
        await ReadyAsync(vm);
        await RunAsync(vm, "(dd if=/dev/urandom of=/root/churn bs=64k count=4000 2>/dev/null &)");
        await Machine(vm.Id).KillAsync();

        // The crash is the VM's, reported as it: the VM is stopped, and the portal goes on.
        await OperationWaits.WaitUntilAsync(() => this.VmAsync(vm.Id), v => v.Status == VmStatus.StoppedVM, "the killed VM to be recorded stopped", Boot);
        var start = await Get<VmService>().StartAsync("qsvc-k", "qkill01", "tests");
        Assert.True(start.Succeeded, start.Error?.Message);
        await this.WaitForSuccessAsync(start.Value.Id, Boot);
        await ReadyAsync(vm);
        var record = await GuestAsync(vm);
        Assert.True(record.LastShutdownUnexpected, "the boot after the kill did not report the unexpected shutdown (R25)");
        Assert.Equal(2u, record.BootCount);
        await StopAsync(vm);
    }

    [Fact]
    public async Task A_data_disk_joins_the_running_guest_at_once_keeps_what_it_wrote_and_leaves_only_once_the_guest_lets_go()
    {
        // Hot-plug: the running guest finds the new disk (the only one of its size) and writes to it.
        var vm = await RunningWithNewDataDiskAsync("qsvc-d", "qdisk01");
        Assert.Equal(VmStatus.ReadyRole, (await this.VmAsync(vm.Id)).Status);
        await RunAsync(vm, $"d=$({FindDataDisk}) && printf {Marker} | dd of=/dev/${{d}} bs=512 seek={MarkerSector} conv=fsync 2>/dev/null");
        var data = new Uri((await this.VmAsync(vm.Id)).Disks.Single(d => d.Lun == 0).MediaLink);
        Assert.Equal(Marker, await ReadMarkerAsync(data));

        // Hot-unplug: the guest lets go first, then the catalogue keeps the disk unattached, with what the guest wrote.
        var detach = await Get<VmService>().DetachDataDiskAsync("qsvc-d", "qdisk01", 0, deleteVhd: false, "tests");
        Assert.True(detach.Succeeded, detach.Error?.Message);
        await this.WaitForSuccessAsync(detach.Value.Id, Boot);
        await RunAsync(vm, $"! {FindDataDisk}");
        await using (var db = Db())
        {
            var kept = await db.Disks.SingleAsync(d => d.MediaLink == data.AbsoluteUri);
            Assert.Null(kept.VirtualMachineId);
        }
        Assert.Equal(Marker, await ReadMarkerAsync(data));

        // The same disk attached while the VM is stopped is among the disks QEMU launches with; the guest beats on it (R5a),
        // reads what it wrote before, and lets go of a disk it booted with as readily as of a plugged one.
        await StopAsync(vm);
        var diskName = Path.GetFileNameWithoutExtension(data.AbsolutePath);
        var again = await Get<VmService>().AttachDataDiskAsync("qsvc-d", "qdisk01", new AttachDataDiskRequest(1, DiskName: diskName), "tests");
        Assert.True(again.Succeeded, again.Error?.Message);
        await this.WaitForSuccessAsync(again.Value.Id, Boot);
        var start = await Get<VmService>().StartAsync("qsvc-d", "qdisk01", "tests");
        Assert.True(start.Succeeded, start.Error?.Message);
        await this.WaitForSuccessAsync(start.Value.Id, Boot);
        var ready = await ReadyAsync(vm);

        // The stop was the power button, taken cleanly by the guest: no unexpected shutdown to report (R25).
        Assert.False((await GuestAsync(ready)).LastShutdownUnexpected, "the power-down was not clean: QEMU was stopped hard");
        var beat = await OperationWaits.WaitUntilAsync(() => Get<DiskStore>().ReadHeartbeatAsync(data), b => b.Value is not null, "a heartbeat on the data disk", Boot);
        Assert.True(beat.Value!.Sequence > 0);
        await RunAsync(vm, $"d=$({FindDataDisk}) && dd if=/dev/${{d}} bs=512 skip={MarkerSector} count=1 2>/dev/null | grep -q {Marker}");

        var last = await Get<VmService>().DetachDataDiskAsync("qsvc-d", "qdisk01", 1, deleteVhd: true, "tests");
        Assert.True(last.Succeeded, last.Error?.Message);
        await this.WaitForSuccessAsync(last.Value.Id, Boot);
        await RunAsync(vm, $"! {FindDataDisk}");
        Assert.False(await Get<DiskStore>().Resolve(data).Blob.ExistsAsync(), "the detached disk's blob was to be deleted");
        await StopAsync(vm);
    }

    [Fact]
    public async Task A_detach_the_guest_does_not_answer_fails_saying_so_and_leaves_the_disk_attached()
    {
        var vm = await RunningWithNewDataDiskAsync("qsvc-u", "qhold01");

        // vCPUs held: the guest cannot take the eject, so it could still write to the disk — which therefore stays attached.
        await Machine(vm.Id).PauseAsync(CancellationToken.None);
        var detach = await Get<VmService>().DetachDataDiskAsync("qsvc-u", "qhold01", 0, deleteVhd: true, "tests");
        Assert.True(detach.Succeeded, detach.Error?.Message);
        var failed = await this.WaitForOperationAsync(detach.Value.Id, Boot);
        Assert.Equal(OperationStatus.Failed, failed.Status);
        Assert.Contains($"did not let go of the data disk at LUN 0 within {UnplugTimeout.TotalSeconds:0} s", failed.ErrorMessage);
        var kept = await this.VmAsync(vm.Id);
        var disk = Assert.Single(kept.Disks, d => d.Lun == 0);
        Assert.True(await Get<DiskStore>().Resolve(new Uri(disk.MediaLink)).Blob.ExistsAsync(), "the disk's blob went although the detach failed");

        await Machine(vm.Id).ResumeAsync(CancellationToken.None);
        await StopAsync(kept);
    }

    [Fact]
    public async Task A_resize_of_a_running_guest_boots_it_again_with_the_new_sizes_cores()
    {
        var vm = await DeployAsync("qsvc-r", "qsize01", ImageName, new ProvisioningData("qsize01", "opsadmin", "Qemu-Test-Pa55!"));

        // At once, the moment the guest says it runs: its power button must already be heard (a lost press is a hard stop).
        var resize = await Get<VmService>().ResizeAsync("qsvc-r", "qsize01", "Medium", "tests");
        Assert.True(resize.Succeeded, resize.Error?.Message);
        Measured("resize of a running guest (power-down, relaunch, ready)", await this.WaitForSuccessAsync(resize.Value.Id, Boot));
        var resized = await ReadyAsync(vm);
        Assert.Equal("Medium", resized.InstanceSize);
        await RunAsync(resized, "test $(grep -c ^processor /proc/cpuinfo) -eq 2");
        Assert.False((await GuestAsync(resized)).LastShutdownUnexpected, "the resize stopped the guest hard");
        await StopAsync(resized);
    }

    /// <summary>The test's data disks are 2 GB, a size no other disk of the guest has (the OS disk is 1 GiB, the config disk 1 MiB).</summary>
    private const int DataDiskGb = 2;

    /// <summary>A shell command in the guest: prints the data disk's device name (vdc…), fails when the guest has none.</summary>
    private const string FindDataDisk = "grep -lx 4194304 /sys/block/vd*/size | cut -d/ -f4 | grep .";

    private const string Marker = "written-by-the-guest-to-its-data-disk";
    private const int MarkerSector = 4096;

    private async Task<string> ReadMarkerAsync(Uri disk)
    {
        var blob = Get<DiskStore>().Resolve(disk).Blob;
        var range = await blob.DownloadContentAsync(new Azure.Storage.Blobs.Models.BlobDownloadOptions
        {
            Range = new Azure.HttpRange(MarkerSector * 512L, Marker.Length),
        });
        return range.Value.Content.ToString();
    }

    [Fact]
    public async Task A_boot_beyond_the_running_limit_is_refused_saying_so_and_leaves_the_VM_stopped()
    {
        var deploy = await Get<DeployService>().DeployAsync("qsvc-m", new DeployRequest("qmax", ImageName, "Small", Location: "West US",
            Provisioning: new ProvisioningData("qmax", "opsadmin", "Qemu-Test-Pa55!"), Count: MaxRunning + 1), "tests");
        Assert.True(deploy.Succeeded, deploy.Error?.Message);
        var done = await this.WaitForOperationAsync(deploy.Value.Id, Boot);

        // The portal runs as many as it may; the one beyond is refused with the reason and kept unprovisioned (R23), never half-run.
        Assert.Equal(ErrorCodes.ProvisioningFailed, done.ErrorCode);
        Assert.Contains($"Fabric:Qemu:MaxRunningVms = {MaxRunning}", done.ErrorMessage);
        await using var db = Db();
        var vms = await db.VirtualMachines.Include(v => v.Disks).Include(v => v.CloudService).Where(v => v.CloudService!.Name == "qsvc-m").ToListAsync();
        Assert.Equal(MaxRunning, Get<QemuMachines>().Running);
        var refused = Assert.Single(vms, v => Get<QemuMachines>().Find(v.Id) is null);
        Assert.Equal(VmStatus.ProvisioningFailed, refused.Status);
        Assert.True((await GuestAsync(refused)).Generalized, "the refused guest was touched");
        await StopAsync([.. vms.Where(v => Get<QemuMachines>().Find(v.Id) is not null)]);
    }

    private async Task<VirtualMachine> DeployAsync(string service, string name, string image, ProvisioningData? provisioning)
    {
        var deploy = await Get<DeployService>().DeployAsync(service,
            new DeployRequest(name, image, "Small", Location: "West US", Provisioning: provisioning, AcknowledgeSpecializedClone: provisioning is null), "tests");
        Assert.True(deploy.Succeeded, deploy.Error?.Message);
        Measured($"deploy of {name} to running", await this.WaitForSuccessAsync(deploy.Value.Id, Boot));
        await using var db = Db();
        return await db.VirtualMachines.Include(v => v.Disks).Include(v => v.CloudService).SingleAsync(v => v.Name == name && v.CloudService!.Name == service);
    }

    /// <summary>How long it took here, for the README's figures (the test output keeps it).</summary>
    private static void Measured(string what, Operation operation) =>
        TestContext.Current.TestOutputHelper?.WriteLine($"measured: {what}: {(operation.CompletedTime - operation.StartedTime)?.TotalSeconds:0.0} s");

    private async Task<GuestRecord> GuestAsync(VirtualMachine vm)
    {
        var read = await Get<DiskStore>().ReadGuestRecordAsync(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink));
        return read.Value ?? throw new InvalidOperationException($"{vm.Name}'s OS disk holds no guest record: {read.Message}");
    }

    /// <summary>Ready (R24) once the guest's agent has written a heartbeat since it booted.</summary>
    private Task<VirtualMachine> ReadyAsync(VirtualMachine vm) =>
        OperationWaits.WaitUntilAsync(() => this.VmAsync(vm.Id), v => v.Status == VmStatus.ReadyRole, $"{vm.Name} to be ready", Boot);

    private async Task RunAsync(VirtualMachine vm, string command)
    {
        var answer = await Machine(vm.Id).Agent.SendAsync("run " + command, TimeSpan.FromSeconds(60), CancellationToken.None);
        Assert.True(answer.Trim() == "0", $"'{command}' in {vm.Name} exited '{answer}'");
    }

    /// <summary>A guest deployed, ready, and then given a new data disk at LUN 0 while it runs, which it has found.</summary>
    private async Task<VirtualMachine> RunningWithNewDataDiskAsync(string service, string name)
    {
        var vm = await DeployAsync(service, name, ImageName, new ProvisioningData(name, "opsadmin", "Qemu-Test-Pa55!"));
        await ReadyAsync(vm);
        var attach = await Get<VmService>().AttachDataDiskAsync(service, name, new AttachDataDiskRequest(0, SizeInGb: DataDiskGb), "tests");
        Assert.True(attach.Succeeded, attach.Error?.Message);
        await this.WaitForSuccessAsync(attach.Value.Id, Boot);
        await GuestFindsDataDiskAsync(vm);
        return vm;
    }

    /// <summary>The guest's kernel takes the hot-plugged device moments after QEMU adds it (ACPI, then the virtio probe).</summary>
    private Task<string> GuestFindsDataDiskAsync(VirtualMachine vm) =>
        OperationWaits.WaitUntilAsync(() => Machine(vm.Id).Agent.SendAsync("run " + FindDataDisk, TimeSpan.FromSeconds(60), CancellationToken.None),
            answer => answer.Trim() == "0", $"{vm.Name}'s guest to find its new data disk", TimeSpan.FromSeconds(30));

    private async Task StopAsync(params VirtualMachine[] vms)
    {
        foreach (var vm in vms)
        {
            var stop = await Get<VmService>().StopAsync(vm.CloudService!.Name, vm.Name, deallocate: true, "tests");
            Assert.True(stop.Succeeded, stop.Error?.Message);
            await this.WaitForSuccessAsync(stop.Value.Id, Boot);
        }
    }
}
