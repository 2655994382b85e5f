using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;
using VmPortal.Core.StorageHealth;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric;

/// <summary>Each status path of API.md, acting on the real guest record (R5), with the fabric sped up.</summary>
[Collection(typeof(AzuriteCollection))]
public sealed class VmLifecycleTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    /// <summary>On purpose: a guest whose blob is deleted by hand, to prove the other guests keep beating.</summary>
    protected override IReadOnlySet<StorageProblemKind> ProblemsMadeOnPurpose { get; } =
        new HashSet<StorageProblemKind> { StorageProblemKind.MissingBlob };

    private VmService Vms => Get<VmService>();

    [Fact]
    public async Task Starting_a_stopped_VM_boots_its_guest_and_it_becomes_ready_later()
    {
        var vm = await AddVmAsync("web1", status: VmStatus.StoppedDeallocated);
        var before = await GuestAsync(vm);

        var started = await Vms.StartAsync(vm.CloudService!.Name, "web1", "tester");

        var operation = await this.WaitForOperationAsync(started.Ok().Id);
        Assert.Equal(OperationStatus.Succeeded, operation.Status);
        Assert.Equal(100, operation.Progress);
        var guest = await GuestAsync(vm);
        Assert.True(guest.Running);
        Assert.Equal(before.BootCount + 1, guest.BootCount);
        Assert.True(guest.LastBootTime > before.LastBootTime);
        Assert.False(guest.LastShutdownUnexpected);
        // Running at once, ready for RDP/SSH a little later (R24).
        var ready = await OperationWaits.WaitUntilAsync(() => this.VmAsync(vm.Id), v => v.Status == VmStatus.ReadyRole, "ReadyRole");
        Assert.True(ready.GuestReady);
        Assert.Equal(PowerState.Started, ready.PowerState);
        Assert.Null(ready.ActiveOperationId);
    }

    [Fact]
    public async Task The_status_passes_through_starting_and_running_not_ready_on_its_way()
    {
        var vm = await AddVmAsync("web2", status: VmStatus.StoppedVM);
        var seen = new List<VmStatus>();
        using var watch = Get<Core.Fabric.VmChanges>().Subscribe(id =>
        {
            if (id != vm.Id) return;
            using var db = Db();
            var status = db.VirtualMachines.Single(v => v.Id == id).Status;
            lock (seen) seen.Add(status);
        });

        var started = await Vms.StartAsync(vm.CloudService!.Name, "web2", "tests");
        await this.WaitForSuccessAsync(started.Ok().Id);
        // The change event, not the row: the agent writes ReadyRole first and tells the pages after, so the row alone
        // can be read before the event has been heard.
        await OperationWaits.WaitUntilAsync(() => { lock (seen) return Task.FromResult(seen.Contains(VmStatus.ReadyRole)); }, s => s, "ReadyRole heard");

        lock (seen)
        {
            Assert.Equal([VmStatus.StartingVM, VmStatus.RoleStateUnknown, VmStatus.ReadyRole], seen.Distinct().ToList());
        }
    }

    [Theory]
    [InlineData(false, VmStatus.StoppedVM)]
    [InlineData(true, VmStatus.StoppedDeallocated)]
    public async Task Stopping_shuts_the_guest_down_cleanly(bool deallocate, VmStatus expected)
    {
        var vm = await AddVmAsync("app" + (deallocate ? "d" : "s"));

        var stopped = await Vms.StopAsync(vm.CloudService!.Name, vm.Name, deallocate, "tests");

        await this.WaitForSuccessAsync(stopped.Ok().Id);
        var after = await this.VmAsync(vm.Id);
        Assert.Equal(expected, after.Status);
        Assert.Equal(PowerState.Stopped, after.PowerState);
        Assert.False(after.GuestReady);
        Assert.False((await GuestAsync(vm)).Running);
    }

    [Fact]
    public async Task Restart_boots_the_guest_once_more_after_a_clean_shutdown()
    {
        var vm = await AddVmAsync("rs1");
        var before = await GuestAsync(vm);

        var restarted = await Vms.RestartAsync(vm.CloudService!.Name, vm.Name, "tests");

        await this.WaitForSuccessAsync(restarted.Ok().Id);
        var guest = await GuestAsync(vm);
        Assert.Equal(before.BootCount + 1, guest.BootCount);
        Assert.True(guest.Running);
        Assert.False(guest.LastShutdownUnexpected);
    }

    [Fact]
    public async Task Generalize_clears_the_guest_identity_and_leaves_the_VM_stopped()
    {
        var vm = await AddVmAsync("gen1", OsType.Windows);
        Assert.NotNull((await GuestAsync(vm)).MachineId);

        var generalized = await Vms.GeneralizeAsync(vm.CloudService!.Name, vm.Name, "tests");

        await this.WaitForSuccessAsync(generalized.Ok().Id);
        var guest = await GuestAsync(vm);
        Assert.True(guest.Generalized);
        Assert.False(guest.Provisioned);
        Assert.Null(guest.MachineId);
        Assert.Null(guest.ComputerName);
        Assert.Null(guest.AdminUserName);
        Assert.False(guest.Running);
        Assert.Equal(VmStatus.StoppedVM, (await this.VmAsync(vm.Id)).Status);
    }

    [Fact]
    public async Task A_guest_that_was_not_shut_down_cleanly_remembers_it_on_its_next_boot()
    {
        // Stopped in the catalogue, but the guest's running flag is still set: the power was cut.
        var vm = await AddVmAsync("crash1", OsType.Windows, status: VmStatus.StoppedDeallocated);
        var os = new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink);
        var store = Get<DiskStore>();
        await store.WriteGuestRecordAsync(os, (await store.ReadGuestRecordAsync(os)).Ok() with { Running = true });

        var started = await Vms.StartAsync(vm.CloudService!.Name, vm.Name, "tests");
        await this.WaitForSuccessAsync(started.Ok().Id);

        Assert.True((await GuestAsync(vm)).LastShutdownUnexpected);
    }

    [Fact]
    public async Task Deleting_a_VM_keeps_its_disks_as_unattached_disks_by_default()
    {
        var vm = await AddVmAsync("del1", dataDiskLuns: [0, 1]);

        var deleted = await Vms.DeleteAsync(vm.CloudService!.Name, vm.Name, deleteDisks: false, "tests");

        await this.WaitForSuccessAsync(deleted.Ok().Id);
        await using var db = Db();
        Assert.False(db.VirtualMachines.Any(v => v.Id == vm.Id));
        var kept = db.Disks.Where(d => vm.Disks.Select(x => x.Name).Contains(d.Name)).ToList();
        Assert.Equal(3, kept.Count);
        Assert.All(kept, d => Assert.Null(d.VirtualMachineId));
        foreach (var disk in kept) Assert.True(await Get<DiskStore>().Resolve(new Uri(disk.MediaLink)).Blob.ExistsAsync());
    }

    [Fact]
    public async Task Deleting_a_VM_with_its_disks_removes_their_blobs()
    {
        var vm = await AddVmAsync("del2", dataDiskLuns: [3]);

        var deleted = await Vms.DeleteAsync(vm.CloudService!.Name, vm.Name, deleteDisks: true, "tests");

        await this.WaitForSuccessAsync(deleted.Ok().Id);
        await using var db = Db();
        Assert.False(db.Disks.Any(d => d.VirtualMachineId == vm.Id));
        foreach (var disk in vm.Disks) Assert.False(await Get<DiskStore>().Resolve(new Uri(disk.MediaLink)).Blob.ExistsAsync());
    }

    [Fact]
    public async Task A_running_guest_writes_one_heartbeat_number_to_every_disk_and_a_stopped_one_does_not()
    {
        var running = await AddVmAsync("hb1", dataDiskLuns: [0, 2]);
        var stopped = await AddVmAsync("hb2", status: VmStatus.StoppedVM, dataDiskLuns: [0]);
        var store = Get<DiskStore>();
        var disks = running.Disks.Select(d => new Uri(d.MediaLink)).ToList();

        // Wait for two beats, then read every disk while the guest's writes are paused (R11's barrier).
        await OperationWaits.WaitUntilAsync(async () => (await store.ReadHeartbeatAsync(disks[0])).Value?.Sequence ?? 0UL, s => s >= 2, "two heartbeats");
        await using (await Get<Core.Fabric.IFabric>().PauseGuestWritesAsync(running.Id, CancellationToken.None))
        {
            var beats = await Task.WhenAll(disks.Select(d => store.ReadHeartbeatAsync(d)));
            Assert.All(beats, b => Assert.Equal(SectorState.Present, b.State));
            Assert.Single(beats.Select(b => b.Value!.Sequence).Distinct());
        }
        foreach (var disk in stopped.Disks)
            Assert.Equal(SectorState.Absent, (await store.ReadHeartbeatAsync(new Uri(disk.MediaLink))).State);
    }

    [Fact]
    public async Task A_guest_whose_blob_was_deleted_by_hand_does_not_stop_the_other_guests_heartbeats()
    {
        var broken = await AddVmAsync("hb3");
        var healthy = await AddVmAsync("hb4");
        var store = Get<DiskStore>();
        var brokenOs = store.Resolve(new Uri(broken.Disks.Single(d => d.Lun is null).MediaLink)).Blob;
        Assert.True((await brokenOs.DeleteIfExistsAsync(Azure.Storage.Blobs.Models.DeleteSnapshotsOption.IncludeSnapshots)).Value);
        var healthyOs = new Uri(healthy.Disks.Single().MediaLink);
        var before = (await store.ReadHeartbeatAsync(healthyOs)).Value?.Sequence ?? 0UL;
        var agent = Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Core.Fabric.GuestAgentService>().Single();

        // One round, as the agent runs it every tick: the broken guest is logged, the healthy one beats.
        await agent.BeatAsync(CancellationToken.None);

        Assert.True((await store.ReadHeartbeatAsync(healthyOs)).Value?.Sequence > before);
        Assert.Contains(Logs, l => l.Contains("hb3") && l.Contains("heartbeat", StringComparison.OrdinalIgnoreCase));
    }

    private async Task<GuestRecord> GuestAsync(VirtualMachine vm) =>
        (await Get<DiskStore>().ReadGuestRecordAsync(new Uri(vm.Disks.Single(d => d.Lun is null).MediaLink))).Value!;
}
