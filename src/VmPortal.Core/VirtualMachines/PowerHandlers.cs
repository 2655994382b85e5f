using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>Start: boot a stopped VM. A VM already running is left as it is. Resumes by booting again.</summary>
public sealed class StartVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : IOperationHandler
{
    public string Kind => OperationKinds.StartVm;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        if (vm.PowerState == PowerState.Started) return;
        await power.BootAsync(vm, provisioning: null, context, ct);
    }
}

/// <summary>Stop: a clean shutdown, optionally deallocating. Resumes by shutting down again (idempotent).</summary>
public sealed class StopVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : IOperationHandler
{
    public sealed record Request(bool Deallocate);

    public string Kind => OperationKinds.StopVm;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        var target = request.Deallocate ? VmStatus.StoppedDeallocated : VmStatus.StoppedVM;
        if (vm.Status == target) return;
        await power.ShutdownAsync(vm, request.Deallocate, context, ct);
    }
}

/// <summary>Restart: a clean shutdown, then a boot. Resumes by doing what is left.</summary>
public sealed class RestartVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : IOperationHandler
{
    public string Kind => OperationKinds.RestartVm;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        if (!context.IsResume || VmPower.IsRunning(vm)) await power.ShutdownAsync(vm, deallocate: false, context, ct);
        await power.BootAsync(vm, provisioning: null, context, ct);
    }
}

/// <summary>
/// Generalize (Sysprep / waagent -deprovision): the guest drops its identity and shuts down (R9). A stopped
/// VM is booted first, since the tool runs inside the guest. Resumes by generalizing again.
/// </summary>
public sealed class GeneralizeVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power, Fabric.IFabric fabric) : IOperationHandler
{
    public string Kind => OperationKinds.GeneralizeVm;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        if (!VmPower.IsRunning(vm)) await power.BootAsync(vm, provisioning: null, context, ct);
        await context.ReportAsync(70, vm.Os == OsType.Windows ? "Running Sysprep" : "Running waagent -deprovision", ct);
        await fabric.GeneralizeAsync(Fabric.FabricVm.From(vm), ct);
        await power.SetAsync(vm.Id, VmStatus.StoppedVM, PowerState.Stopped, null, ct);
        await power.RecordMachineIdAsync(vm.Id, null, ct);
    }
}

/// <summary>Resize (update role): a running VM restarts on its new size; a stopped one just changes size.</summary>
public sealed class ResizeVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : IOperationHandler
{
    public sealed record Request(string InstanceSize);

    public string Kind => OperationKinds.ResizeVm;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        var wasRunning = VmPower.IsRunning(vm);
        if (wasRunning) await power.ShutdownAsync(vm, deallocate: false, context, ct);
        await db.VirtualMachines.Where(v => v.Id == vm.Id).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.InstanceSize, request.InstanceSize)
            .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), ct);
        if (wasRunning) await power.BootAsync(vm, provisioning: null, context, ct);
    }
}
