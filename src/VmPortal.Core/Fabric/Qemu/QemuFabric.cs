using Microsoft.Extensions.Logging;
using VmPortal.Core.Disks;
using VmPortal.Core.Operations;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// The real fabric (<c>Fabric:Kind</c> = <c>Qemu</c>): a VM is a QEMU process whose disks are its page blobs, and its guest
/// agent — not the portal — writes the guest record (R5) and the heartbeats (R5a). The portal reads them back from the
/// disks exactly as it does under the simulated fabric, so every rule holds against a real guest.
/// </summary>
public sealed class QemuFabric(QemuMachines machines, DiskStore disks, GuestIoGate gate, FabricClock clock, ILogger<QemuFabric> logger) : IFabric
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan AgentAnswer = TimeSpan.FromSeconds(20);

    public async Task<GuestRecord> PowerOnAsync(
        FabricVm vm, ProvisioningRequest? provisioning, Func<BootPhase, Task> onPhase, CancellationToken cancellationToken)
    {
        var before = await ReadGuestAsync(vm, cancellationToken);
        if (before.Generalized && provisioning is null)
            throw new OperationFailedException(ErrorCodes.ProvisioningFailed, FabricMessages.Format("GuestAwaitsProvisioning", vm.Name));
        await onPhase(before.Generalized ? BootPhase.Provisioning : BootPhase.Starting);
        QemuMachine machine;
        try { machine = await machines.LaunchAsync(vm, before.Generalized ? provisioning : null, cancellationToken); }
        catch (QemuException e)
        {
            // Nothing ran: a generalized guest stays unprovisioned (R23, the VM is kept as such), any other stays as it was.
            if (before.Generalized) throw new OperationFailedException(ErrorCodes.ProvisioningFailed, FabricMessages.Format("QemuFailed", vm.Name, Sentence.Nested(e.Message)));
            throw Failed(vm, e.Message);
        }

        // Up when the guest says so on its own disk: a record newer than the one it booted with, running.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(machines.Options.BootTimeout);
        var startingReported = !before.Generalized;
        try
        {
            while (true)
            {
                await Task.Delay(Poll, clock.Time, deadline.Token);
                if (machine.HasExited) throw Failed(vm, FabricMessages.Format("QemuEndedDuringBoot", Tail(machine)));
                var read = await disks.ReadGuestRecordAsync(vm.OsDisk, deadline.Token);
                if (read.Value is not { } now) continue;
                if (!startingReported && now.Provisioned && !now.Generalized)
                {
                    startingReported = true;
                    await onPhase(BootPhase.Starting);
                }
                if (now.Running && now.BootCount > before.BootCount)
                {
                    if (!startingReported) await onPhase(BootPhase.Starting);
                    await onPhase(BootPhase.Running);
                    return now;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var tail = Tail(machine);
            await machines.ForgetAsync(vm.Id);
            throw Failed(vm, FabricMessages.Format("QemuBootTimedOut", machines.Options.BootTimeout.TotalSeconds, tail));
        }
        catch (OperationFailedException)
        {
            await machines.ForgetAsync(vm.Id);
            throw;
        }
    }

    /// <summary>ACPI power-down, as a hypervisor asks a guest to stop; one that has not gone within the timeout is stopped hard.</summary>
    public async Task PowerOffAsync(FabricVm vm, bool deallocate, CancellationToken cancellationToken)
    {
        if (machines.Find(vm.Id) is { } machine)
        {
            machine.Ending = true;
            try { await machine.PowerDownAsync(cancellationToken); }
            catch (QemuException e) { logger.LogWarning("QEMU of {Vm} did not take the power-down ({Reason}); it is stopped hard", vm.Name, e.Message); }
            await AwaitEndAsync(vm, machine, "power-down", cancellationToken);
        }
        await machines.ForgetAsync(vm.Id);
    }

    public async Task GeneralizeAsync(FabricVm vm, CancellationToken cancellationToken)
    {
        var machine = machines.Find(vm.Id) ?? throw Failed(vm, FabricMessages.Format("QemuNotRunning", vm.Name));
        await EndAsync(vm, machine, "deprovision", cancellationToken);
        await machines.ForgetAsync(vm.Id);
        var record = await ReadGuestAsync(vm, cancellationToken);
        if (!record.Generalized) throw Failed(vm, FabricMessages.Format("QemuDeprovisionDidNotGeneralize", vm.Name));
    }

    /// <summary>
    /// What the guest wrote last. A guest whose QEMU is gone but whose record still says running went down without a clean
    /// shutdown (killed, or its portal died): it is not running, and its next boot reports the unexpected shutdown (R25).
    /// </summary>
    public async Task<GuestRecord> InspectAsync(FabricVm vm, CancellationToken cancellationToken)
    {
        var record = await ReadGuestAsync(vm, cancellationToken);
        return record.Running && machines.Find(vm.Id) is null ? record with { Running = false } : record;
    }

    /// <summary>A running guest gets the disk at once (hot-plug); a stopped one finds it among its disks at its next launch.</summary>
    public async Task AttachDiskAsync(FabricVm vm, FabricDataDisk disk, CancellationToken cancellationToken)
    {
        if (machines.Find(vm.Id) is not { } machine) return;
        try { await machine.PlugAsync(disk, cancellationToken); }
        catch (QemuException e) { throw DiskChangeFailed(vm, disk.Lun, e); }
    }

    /// <summary>The running guest lets go of the disk before the catalogue does; one that will not keeps it, and the detach fails.</summary>
    public async Task DetachDiskAsync(FabricVm vm, int lun, CancellationToken cancellationToken)
    {
        if (machines.Find(vm.Id) is not { } machine) return;
        try { await machine.UnplugAsync(lun, machines.Options.UnplugTimeout, cancellationToken); }
        catch (QemuException e) { throw DiskChangeFailed(vm, lun, e); }
    }

    /// <summary>R11: the vCPUs stop (QEMU drains in-flight writes first) while every disk is snapshotted, then go on.</summary>
    public async Task<IAsyncDisposable> PauseGuestWritesAsync(int vmId, CancellationToken cancellationToken)
    {
        var held = await gate.PauseAsync(vmId, cancellationToken);
        if (machines.Find(vmId) is not { } machine) return held;
        try
        {
            await machine.PauseAsync(cancellationToken);
            return new Resume(machine, held, logger);
        }
        catch
        {
            await held.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the agent (<c>deprovision</c>) and waits for QEMU to end; a guest that does not is stopped hard.</summary>
    private async Task EndAsync(FabricVm vm, QemuMachine machine, string command, CancellationToken ct)
    {
        machine.Ending = true;
        try { await machine.Agent.SendAsync(command, AgentAnswer, ct); }
        catch (QemuException e)
        {
            throw Failed(vm, e.Message);
        }
        await AwaitEndAsync(vm, machine, command, ct);
    }

    private async Task AwaitEndAsync(FabricVm vm, QemuMachine machine, string command, CancellationToken ct)
    {
        if (!await machine.WaitForExitAsync(machines.Options.ShutdownTimeout, ct))
        {
            logger.LogWarning("The guest of {Vm} was still running {Seconds} s after '{Command}'; it is stopped hard", vm.Name,
                machines.Options.ShutdownTimeout.TotalSeconds, command);
            await machine.KillAsync();
        }
    }

    private async Task<GuestRecord> ReadGuestAsync(FabricVm vm, CancellationToken cancellationToken)
    {
        var read = await disks.ReadGuestRecordAsync(vm.OsDisk, cancellationToken);
        return read.Value ?? throw new OperationFailedException(ErrorCodes.InternalError,
            FabricMessages.Format("GuestRecordUnusable", vm.Name, Sentence.Nested(read.Message)));
    }

    private static string Tail(QemuMachine machine) => string.Join(" | ", machine.ConsoleTail(5).Append(machine.Complaints).Where(l => l.Length > 0));

    private static OperationFailedException DiskChangeFailed(FabricVm vm, int lun, QemuException e) =>
        new(ErrorCodes.InternalError, FabricMessages.Format("QemuDiskChangeFailed", vm.Name, lun, Sentence.Nested(e.Message)));

    private static OperationFailedException Failed(FabricVm vm, string why) =>
        new(ErrorCodes.InternalError, FabricMessages.Format("QemuFailed", vm.Name, Sentence.Nested(why)));

    private sealed class Resume(QemuMachine machine, IAsyncDisposable held, ILogger logger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try { if (!machine.HasExited) await machine.ResumeAsync(CancellationToken.None); }
            catch (QemuException e) { logger.LogWarning(e, "Could not resume the vCPUs of VM {Vm} after a snapshot", machine.Vm.Name); }
            finally { await held.DisposeAsync(); }
        }
    }
}
