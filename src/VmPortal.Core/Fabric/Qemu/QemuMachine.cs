using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// One guest under QEMU: the process, its control socket, its agent's port, its console log, and one NBD export per
/// disk, so every byte the guest reads or writes is its page blob's. Owned by the portal: disposing ends all of it.
/// </summary>
public sealed class QemuMachine : IAsyncDisposable
{
    private readonly Process _process;
    private readonly IReadOnlyList<NbdServer> _exports;
    private readonly ILogger _logger;
    private readonly Queue<string> _errors = new();
    private QmpClient? _qmp;

    private QemuMachine(FabricVm vm, string directory, Process process, IReadOnlyList<NbdServer> exports, ILogger logger)
    {
        Vm = vm;
        Directory = directory;
        _process = process;
        _exports = exports;
        _logger = logger;
        Agent = new GuestAgentChannel(Path.Combine(directory, "agent.sock"));
        // QEMU's own complaints, kept (the last few) to say why a guest would not start or ended.
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_errors)
            {
                _errors.Enqueue(e.Data);
                if (_errors.Count > 20) _errors.Dequeue();
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>What QEMU last said on its standard error.</summary>
    public string Complaints
    {
        get { lock (_errors) return string.Join(" ", _errors).Trim(); }
    }

    public FabricVm Vm { get; }

    public string Directory { get; }

    public GuestAgentChannel Agent { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The fabric asked it to end (a shutdown, a deprovision): QEMU ending then is no crash.</summary>
    public bool Ending { get; set; }

    /// <summary>QEMU ended on its own, not because the fabric asked: the guest crashed or the process was killed.</summary>
    public bool Crashed => HasExited && !Ending;

    /// <summary>Starts the guest: exports its disks, writes its config disk, launches QEMU and connects to its control socket.</summary>
    public static async Task<QemuMachine> LaunchAsync(
        FabricVm vm, ProvisioningRequest? provisioning, QemuOptions options, DiskStore disks, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger<QemuMachine>();
        var directory = Path.Combine(options.WorkDirectory, $"vm-{vm.Id}");
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        var exports = new List<NbdServer>();
        try
        {
            foreach (var disk in vm.AllDisks) exports.Add(await NbdServer.StartAsync(disks, disk, loggers.CreateLogger<NbdServer>(), ct));
            await ConfigDisk.WriteAsync(Path.Combine(directory, "config.img"), provisioning, ct);
            var process = Process.Start(StartInfo(vm, options, directory, exports))
                ?? throw new QemuException($"{options.Binary} could not be started.");
            var machine = new QemuMachine(vm, directory, process, exports, logger);
            try
            {
                machine._qmp = await machine.ConnectAsync(ct);
                return machine;
            }
            catch
            {
                await machine.DisposeAsync();
                throw;
            }
        }
        catch
        {
            foreach (var export in exports) await export.DisposeAsync();
            throw;
        }
    }

    /// <summary>R11: holds the vCPUs, so no guest write lands between two disks' snapshots; QEMU drains what is in flight first.</summary>
    public Task PauseAsync(CancellationToken ct) => Qmp.ExecuteAsync("stop", null, ct);

    public Task ResumeAsync(CancellationToken ct) => Qmp.ExecuteAsync("cont", null, ct);

    /// <summary>The ACPI power button: the guest shuts down cleanly (its agent clears the running flag) and QEMU ends.</summary>
    public Task PowerDownAsync(CancellationToken ct) => Qmp.ExecuteAsync("system_powerdown", null, ct);

    /// <summary>True once QEMU has ended, within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The serial console's last lines: what the kernel and the agent printed.</summary>
    public IReadOnlyList<string> ConsoleTail(int lines = 20)
    {
        var path = Path.Combine(Directory, "console.log");
        if (!File.Exists(path)) return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(Math.Max(0, file.Length - 16 * 1024), SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var text = reader.ReadToEnd();
        return text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).TakeLast(lines).ToList();
    }

    /// <summary>A stop with no say for the guest: like pulling the plug (its next boot reports an unexpected shutdown).</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { /* it ended meanwhile */ }
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_qmp is not null) await _qmp.DisposeAsync();
        foreach (var export in _exports) await export.DisposeAsync();
        _process.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException e) { _logger.LogWarning(e, "Could not remove {Directory}", Directory); }
    }

    private QmpClient Qmp => _qmp ?? throw new InvalidOperationException("The machine has no control socket yet.");

    /// <summary>QEMU creates its control socket moments after it starts; one that ends first says why on its standard error.</summary>
    private async Task<QmpClient> ConnectAsync(CancellationToken ct)
    {
        var socket = Path.Combine(Directory, "qmp.sock");
        for (var attempt = 0; ; attempt++)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(ct);
                throw new QemuException($"QEMU ended at start (exit {_process.ExitCode}): {Complaints}");
            }
            if (File.Exists(socket))
            {
                try { return await QmpClient.ConnectAsync(socket, ct); }
                catch (System.Net.Sockets.SocketException) when (attempt < 100) { }
            }
            if (attempt >= 100) throw new QemuException("QEMU did not open its control socket within 10 s.");
            await Task.Delay(100, ct);
        }
    }

    private static ProcessStartInfo StartInfo(FabricVm vm, QemuOptions options, string directory, IReadOnlyList<NbdServer> exports)
    {
        var size = (vm.InstanceSize is { } name ? InstanceSizes.Find(name) : null) ?? InstanceSizes.All[0];
        var memory = Math.Max(options.MinMemoryMb, (int)(size.MemoryInMb * options.MemoryScale));
        var start = new ProcessStartInfo(options.Binary)
        {
            UseShellExecute = false, RedirectStandardError = true,
        };
        string[] arguments =
        [
            "-name", $"vmportal-{vm.Id}", "-accel", options.Accelerator,
            "-m", memory.ToString(CultureInfo.InvariantCulture), "-smp", Math.Max(1, size.Cores).ToString(CultureInfo.InvariantCulture),
            "-nodefaults", "-no-user-config", "-display", "none", "-no-reboot",
            "-kernel", Path.Combine(options.GuestDirectory, "vmlinuz"),
            "-initrd", Path.Combine(options.GuestDirectory, "initrd.img"),
            "-append", "console=ttyS0 root=/dev/vda1 rw panic=-1 quiet",
            "-serial", $"file:{Path.Combine(directory, "console.log")}",
            "-qmp", $"unix:{Path.Combine(directory, "qmp.sock")},server=on,wait=off",
            "-pidfile", Path.Combine(directory, "qemu.pid"),
            .. exports.SelectMany(e => new[] { "-drive", $"file={e.Uri},format=raw,if=virtio" }),
            "-drive", $"file={Path.Combine(directory, "config.img")},format=raw,if=virtio,readonly=on",
            "-device", "virtio-serial-pci",
            "-chardev", $"socket,id=agent,path={Path.Combine(directory, "agent.sock")},server=on,wait=off",
            "-device", "virtserialport,chardev=agent,name=org.vmportal.agent",
        ];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}
