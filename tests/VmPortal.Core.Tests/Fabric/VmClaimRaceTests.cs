using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Operations;
using VmPortal.Core.VirtualMachines;
using VmPortal.Testing;

namespace VmPortal.Core.Tests.Fabric;

/// <summary>
/// A VM's row changes for reasons that leave it free: the guest agent marks a restarted guest ready moments after the
/// restart succeeded. A stop or capture whose write lands just after that is still the VM's next operation — it used to be
/// refused as <c>VmBusy</c> (the classic client's restart-then-shutdown failed that way on PostgreSQL). A VM that another
/// request really claimed meanwhile stays busy.
/// </summary>
[Collection(typeof(AzuriteCollection))]
public sealed class VmClaimRaceTests(AzuriteFixture azurite) : CoreHost(azurite)
{
    private readonly RivalRequest _rival = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IInterceptor>(_rival);

    [Fact]
    public async Task A_stop_whose_write_follows_the_guest_agent_marking_the_restarted_guest_ready_is_queued()
    {
        var vm = await AddVmAsync("ready-stop", status: VmStatus.RoleStateUnknown);
        _rival.Arm(() => MarkGuestReady(vm.Id));

        var stop = await Get<VmService>().StopAsync(vm.CloudService!.Name, vm.Name, deallocate: true, "tests");

        Assert.True(_rival.Ran, "the rival never ran: the test proves nothing");
        Assert.True(stop.Succeeded, stop.Error?.Message);
        await this.WaitForSuccessAsync(stop.Value.Id);
        await using var db = Db();
        Assert.Equal(VmStatus.StoppedDeallocated, (await db.VirtualMachines.SingleAsync(v => v.Id == vm.Id)).Status);
    }

    [Fact]
    public async Task A_capture_whose_write_follows_the_guest_agent_marking_the_guest_ready_is_queued()
    {
        var vm = await AddVmAsync("ready-capture", status: VmStatus.RoleStateUnknown);
        _rival.Arm(() => MarkGuestReady(vm.Id));

        var capture = await Get<CaptureService>().CaptureAsync(vm.CloudService!.Name, vm.Name, new CaptureRequest("Specialized", "after-ready"), "tests");

        Assert.True(_rival.Ran, "the rival never ran: the test proves nothing");
        Assert.True(capture.Succeeded, capture.Error?.Message);
        await this.WaitForSuccessAsync(capture.Value.Id);
    }

    [Fact]
    public async Task A_stop_that_loses_the_VM_to_another_operation_is_still_busy_and_queues_nothing()
    {
        var vm = await AddVmAsync("claimed");
        var rivalOperation = Guid.NewGuid();
        _rival.Arm(() => ClaimForAnotherOperation(vm.Id, rivalOperation));

        var stop = await Get<VmService>().StopAsync(vm.CloudService!.Name, vm.Name, deallocate: false, "tests");

        Assert.True(_rival.Ran, "the rival never ran: the test proves nothing");
        Assert.Equal(ErrorCodes.VmBusy, stop.Error?.Code);
        await using var db = Db();
        Assert.Equal(rivalOperation, (await db.VirtualMachines.SingleAsync(v => v.Id == vm.Id)).ActiveOperationId);
        Assert.Equal([rivalOperation], await db.Operations.Where(o => o.VirtualMachineId == vm.Id).Select(o => o.Id).ToListAsync());
    }

    /// <summary>What <c>GuestAgentService.MarkReadyGuestsAsync</c> writes when a booted guest's first heartbeat is due.</summary>
    private void MarkGuestReady(int vmId)
    {
        using var db = OfflineDb();
        var vm = db.VirtualMachines.Single(v => v.Id == vmId);
        vm.Status = VmStatus.ReadyRole;
        vm.GuestReady = true;
        vm.GuestReadyAt = null;
        db.SaveChanges();
    }

    /// <summary>Another request's operation, claiming the VM the way <see cref="OperationQueue"/> does.</summary>
    private void ClaimForAnotherOperation(int vmId, Guid operationId)
    {
        using var db = OfflineDb();
        var vm = db.VirtualMachines.Single(v => v.Id == vmId);
        var now = Get<TimeProvider>().GetUtcNow();
        // Leased by an instance that is not this host's, so this host's worker leaves it alone.
        db.Operations.Add(new Operation
        {
            Id = operationId, Kind = OperationKinds.RestartVm, Target = "rival", Status = OperationStatus.InProgress,
            VirtualMachineId = vmId, RequestedBy = "rival", CreatedTime = now, StatusMessage = "Restarting",
            LeaseOwner = "another-instance", LeaseExpires = now.AddHours(1),
        });
        vm.ActiveOperationId = operationId;
        db.SaveChanges();
    }
}
