using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// The guests this portal runs, one QEMU process each, at most <see cref="QemuOptions.MaxRunningVms"/>. Every process
/// is the portal's: they end when it stops, and any left by a portal that died (their pid files) are ended when it starts.
/// </summary>
public sealed class QemuMachines(IOptions<QemuOptions> options, DiskStore disks, ILoggerFactory loggers) : IHostedService, IGuestConsole, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, QemuMachine> _running = new();
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly ILogger _logger = loggers.CreateLogger<QemuMachines>();

    public QemuOptions Options => options.Value;

    /// <summary>How many guests run now.</summary>
    public int Running => _running.Values.Count(m => !m.HasExited);

    /// <summary>The VMs whose QEMU runs now.</summary>
    public IReadOnlyList<int> RunningIds() => _running.Where(m => !m.Value.HasExited).Select(m => m.Key).ToList();

    public QemuMachine? Find(int vmId) => _running.TryGetValue(vmId, out var machine) && !machine.HasExited ? machine : null;

    /// <summary>The machines whose QEMU ended on its own, still here to say what their console printed last.</summary>
    public IReadOnlyList<QemuMachine> Crashed() => _running.Values.Where(m => m.Crashed).ToList();

    public IReadOnlyList<string>? LastLines(int vmId, int lines) =>
        _running.TryGetValue(vmId, out var machine) ? machine.ConsoleTail(lines) : null;

    public async Task<QemuMachine> LaunchAsync(FabricVm vm, ProvisioningRequest? provisioning, CancellationToken ct)
    {
        await _starting.WaitAsync(ct);
        try
        {
            await ForgetAsync(vm.Id);
            if (Running >= Options.MaxRunningVms)
                throw new QemuException(FabricMessages.Format("QemuFull", Running, Options.MaxRunningVms));
            var machine = await QemuMachine.LaunchAsync(vm, provisioning, Options, disks, loggers, ct);
            _running[vm.Id] = machine;
            return machine;
        }
        finally { _starting.Release(); }
    }

    /// <summary>Ends the VM's QEMU (if any is left) and everything it held: its exports, sockets and files.</summary>
    public async Task ForgetAsync(int vmId)
    {
        if (_running.TryRemove(vmId, out var machine)) await machine.DisposeAsync();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EndOrphans();
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _running.Keys.ToList()) await ForgetAsync(id);
    }

    /// <summary>A portal that died left its guests running, serving nobody: their pid files say which processes to end.</summary>
    private void EndOrphans()
    {
        if (!Directory.Exists(Options.WorkDirectory)) return;
        foreach (var pidFile in Directory.EnumerateFiles(Options.WorkDirectory, "qemu.pid", SearchOption.AllDirectories))
        {
            if (int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
            {
                try
                {
                    using var orphan = Process.GetProcessById(pid);
                    if (orphan.ProcessName.StartsWith("qemu", StringComparison.Ordinal))
                    {
                        orphan.Kill();
                        _logger.LogWarning("Ended QEMU process {Pid}, left running by a portal that stopped without ending it", pid);
                    }
                }
                catch (ArgumentException) { /* already gone */ }
            }
            Directory.Delete(Path.GetDirectoryName(pidFile)!, recursive: true);
        }
    }
}
