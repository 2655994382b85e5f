using Microsoft.EntityFrameworkCore;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Data;
using VmPortal.Core.Operations;

namespace VmPortal.Core.VirtualMachines;

/// <summary>
/// What the power handlers share: the VM of the operation, and — when the operation is given up on — a catalogue that says
/// what the guest is, so no VM is left "Starting" or "Stopping" with nobody working on it.
/// </summary>
public abstract class PowerHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : IOperationHandler
{
    public abstract string Kind { get; }

    protected VmPower Power => power;

    public async Task RunAsync(OperationContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var vm = await db.OperationVmAsync(context, ct);
        await RunAsync(db, vm, context, ct);
    }

    protected abstract Task RunAsync(PortalDbContext db, VirtualMachine vm, OperationContext context, CancellationToken ct);

    public virtual async Task<Abandonment> AbandonAsync(OperationContext context, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await power.SettleAsync(await db.OperationVmAsync(context, ct), ct);
        return Abandonment.RolledBack;
    }
}

/// <summary>Start: boot a stopped VM. A VM already running is left as it is. Resumes by booting what is not running yet.</summary>
public sealed class StartVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : PowerHandler(dbFactory, power)
{
    public override string Kind => OperationKinds.StartVm;

    protected override async Task RunAsync(PortalDbContext db, VirtualMachine vm, OperationContext context, CancellationToken ct)
    {
        if (vm.PowerState == PowerState.Started) return;
        await Power.EnsureRunningAsync(vm, provisioning: null, context, ct);
    }
}

/// <summary>Stop: a clean shutdown, optionally deallocating. Resumes by shutting down again (idempotent).</summary>
public sealed class StopVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : PowerHandler(dbFactory, power)
{
    public sealed record Request(bool Deallocate);

    public override string Kind => OperationKinds.StopVm;

    protected override async Task RunAsync(PortalDbContext db, VirtualMachine vm, OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        var target = request.Deallocate ? VmStatus.StoppedDeallocated : VmStatus.StoppedVM;
        if (vm.Status == target) return;
        await Power.ShutdownAsync(vm, request.Deallocate, context, ct);
    }
}

/// <summary>Restart: a clean shutdown, then a boot. The shutdown is recorded, so a resumed restart does not restart twice.</summary>
public sealed class RestartVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : PowerHandler(dbFactory, power)
{
    public sealed record State(bool ShutDown);

    public override string Kind => OperationKinds.RestartVm;

    protected override async Task RunAsync(PortalDbContext db, VirtualMachine vm, OperationContext context, CancellationToken ct)
    {
        if (context.ReadState<State>() is not { ShutDown: true })
        {
            await Power.ShutdownAsync(vm, deallocate: false, context, ct);
            await context.SaveStateAsync(new State(ShutDown: true), ct);
        }
        await Power.EnsureRunningAsync(vm, provisioning: null, context, ct);
    }
}

/// <summary>
/// Generalize (Sysprep / waagent -deprovision): the guest drops its identity and shuts down (R9). A stopped
/// VM is booted first, since the tool runs inside the guest. Resumes from what the guest is: one already generalized is
/// only recorded as such (booting it again would need provisioning).
/// </summary>
public sealed class GeneralizeVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power, Fabric.IFabric fabric)
    : PowerHandler(dbFactory, power)
{
    public override string Kind => OperationKinds.GeneralizeVm;

    protected override async Task RunAsync(PortalDbContext db, VirtualMachine vm, OperationContext context, CancellationToken ct)
    {
        var guest = await fabric.InspectAsync(Fabric.FabricVm.From(vm), ct);
        if (!guest.Generalized)
        {
            if (!guest.Running) await Power.BootAsync(vm, provisioning: null, context, ct);
            await context.ReportAsync(70, vm.Os == OsType.Windows ? VmMessages.Get("StepRunningSysprep") : VmMessages.Get("StepRunningDeprovision"), ct);
            await fabric.GeneralizeAsync(Fabric.FabricVm.From(vm), ct);
        }
        await Power.SetGeneralizedAsync(vm.Id, ct);
    }
}

/// <summary>
/// Resize (update role): a running VM restarts on its new size; a stopped one just changes size. Whether it was running
/// is recorded before anything changes, so a resumed resize brings a running VM back up instead of leaving it stopped.
/// </summary>
public sealed class ResizeVmHandler(IDbContextFactory<PortalDbContext> dbFactory, VmPower power) : PowerHandler(dbFactory, power)
{
    public sealed record Request(string InstanceSize);

    public sealed record State(bool WasRunning, bool Resized);

    public override string Kind => OperationKinds.ResizeVm;

    protected override async Task RunAsync(PortalDbContext db, VirtualMachine vm, OperationContext context, CancellationToken ct)
    {
        var request = context.ReadPayload<Request>();
        var state = context.ReadState<State>();
        if (state is null)
        {
            state = new State(VmPower.IsRunning(vm), Resized: false);
            await context.SaveStateAsync(state, ct);
        }
        if (!state.Resized)
        {
            if (state.WasRunning) await Power.ShutdownAsync(vm, deallocate: false, context, ct);
            // The new size and the record that it was set: one transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.VirtualMachines.Where(v => v.Id == vm.Id).ExecuteUpdateAsync(s => s
                .SetProperty(v => v.InstanceSize, request.InstanceSize)
                .SetProperty(v => v.ConcurrencyStamp, Guid.NewGuid()), ct);
            await context.CommitAsync(db, state with { Resized = true }, ct);
            await transaction.CommitAsync(ct);
            // The update went around the tracked row: read it again, so the guest boots at the new size (QEMU's memory and cores).
            await db.Entry(vm).ReloadAsync(ct);
        }
        if (state.WasRunning) await Power.EnsureRunningAsync(vm, provisioning: null, context, ct);
    }
}
