using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// One guest under QEMU: the process, its control socket, its agent's port, its console log, and one NBD export per
/// disk, so every byte the guest reads or writes is its page blob's. Data disks join and leave the running guest by
/// hot-plug (QMP <c>blockdev-add</c>/<c>device_add</c>, <c>device_del</c>/<c>blockdev-del</c>), each under a device id
/// made from its LUN. Owned by the portal: disposing ends all of it.
/// </summary>
public sealed class QemuMachine : IAsyncDisposable
{
    private const string OsNode = "os";
    private const string ConfigNode = "config";

    private readonly Process _process;
    private readonly NbdServer _osExport;
    private readonly ConcurrentDictionary<int, (Uri Blob, NbdServer Export)> _dataExports;
    private readonly DiskStore _disks;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly Queue<string> _errors = new();
    private QmpClient? _qmp;

    private QemuMachine(
        FabricVm vm, string directory, Process process, NbdServer osExport, IDictionary<int, (Uri Blob, NbdServer Export)> dataExports, DiskStore disks, ILoggerFactory loggers)
    {
        Vm = vm;
        Directory = directory;
        _process = process;
        _osExport = osExport;
        _dataExports = new ConcurrentDictionary<int, (Uri Blob, NbdServer Export)>(dataExports);
        _disks = disks;
        _loggers = loggers;
        _logger = loggers.CreateLogger<QemuMachine>();
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
        var directory = Path.Combine(options.WorkDirectory, $"vm-{vm.Id}");
        if (System.IO.Directory.Exists(directory)) System.IO.Directory.Delete(directory, recursive: true);
        System.IO.Directory.CreateDirectory(directory);
        var exports = new List<NbdServer>();
        try
        {
            var osExport = await NbdServer.StartAsync(disks, vm.OsDisk, loggers.CreateLogger<NbdServer>(), ct);
            exports.Add(osExport);
            var dataExports = new SortedDictionary<int, (Uri Blob, NbdServer Export)>();
            foreach (var disk in vm.DataDisks)
            {
                var export = await NbdServer.StartAsync(disks, disk.Blob, loggers.CreateLogger<NbdServer>(), ct);
                exports.Add(export);
                dataExports[disk.Lun] = (disk.Blob, export);
            }
            await ConfigDisk.WriteAsync(Path.Combine(directory, "config.img"), provisioning, ct);
            var process = Process.Start(StartInfo(vm, options, directory, osExport, dataExports))
                ?? throw new QemuException($"{options.Binary} could not be started.");
            var machine = new QemuMachine(vm, directory, process, osExport, dataExports, disks, loggers);
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

    /// <summary>
    /// Hot-plug: serves the disk and adds it to the running guest, which finds a new virtio disk. A LUN already plugged (an
    /// earlier attempt of the same attach) is left as it is; a plug that fails leaves nothing behind.
    /// </summary>
    public async Task PlugAsync(FabricDataDisk disk, CancellationToken ct)
    {
        if (_dataExports.TryGetValue(disk.Lun, out var plugged))
        {
            if (plugged.Blob == disk.Blob) return;
            throw new QemuException(FabricMessages.Format("QemuLunHoldsAnotherDisk", disk.Lun, plugged.Export.ExportName));
        }
        var export = await NbdServer.StartAsync(_disks, disk.Blob, _loggers.CreateLogger<NbdServer>(), ct);
        // The commands themselves are not cancelled: QEMU carries one out whether or not its answer is waited for.
        try
        {
            await Qmp.ExecuteAsync("blockdev-add", Blockdev(DataNode(disk.Lun), export), CancellationToken.None);
            try
            {
                await Qmp.ExecuteAsync("device_add", new JsonObject
                {
                    ["driver"] = "virtio-blk-pci", ["drive"] = DataNode(disk.Lun), ["id"] = DataDevice(disk.Lun),
                }, CancellationToken.None);
            }
            catch (QemuException)
            {
                await Qmp.ExecuteAsync("blockdev-del", new JsonObject { ["node-name"] = DataNode(disk.Lun) }, CancellationToken.None);
                throw;
            }
        }
        catch
        {
            await export.DisposeAsync();
            throw;
        }
        _dataExports[disk.Lun] = (disk.Blob, export);
    }

    /// <summary>
    /// Hot-unplug: asks the guest to let go of the disk (ACPI eject) and waits until QEMU has removed the device, so the guest
    /// writes to it no more; then closes the disk and its export. A guest that has not let go within
    /// <paramref name="timeout"/> keeps the disk, and the caller hears why.
    /// </summary>
    public async Task UnplugAsync(int lun, TimeSpan timeout, CancellationToken ct)
    {
        if (!_dataExports.TryGetValue(lun, out var plugged)) return;
        var device = DataDevice(lun);
        if (await HasDeviceAsync(device, ct))
        {
            // An eject asked for by an earlier attempt is still pending in the guest: wait for that one.
            try { await Qmp.ExecuteAsync("device_del", new JsonObject { ["id"] = device }, CancellationToken.None); }
            catch (QemuException e) when (e.Message.Contains("in the process of unplug", StringComparison.Ordinal)) { }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                // Only the pause between questions is cut short: a QMP command given up half-way would leave its answer to the next one.
                while (await HasDeviceAsync(device, ct)) await Task.Delay(100, deadline.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new QemuException(FabricMessages.Format("QemuDiskNotReleased", lun, timeout.TotalSeconds));
            }
        }
        try { await Qmp.ExecuteAsync("blockdev-del", new JsonObject { ["node-name"] = DataNode(lun) }, CancellationToken.None); }
        catch (QemuException e) { _logger.LogWarning("QEMU kept the node of LUN {Lun} of {Vm} after its device went ({Reason})", lun, Vm.Name, e.Message); }
        _dataExports.TryRemove(lun, out _);
        await plugged.Export.DisposeAsync();
    }

    private async Task<bool> HasDeviceAsync(string id, CancellationToken ct)
    {
        var children = await Qmp.ExecuteAsync("qom-list", new JsonObject { ["path"] = "/machine/peripheral" }, ct) as JsonArray ?? [];
        return children.Any(c => c?["name"]?.GetValue<string>() == id);
    }

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
        await _osExport.DisposeAsync();
        foreach (var (_, export) in _dataExports.Values) await export.DisposeAsync();
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

    private static string DataNode(int lun) => $"lun{lun.ToString(CultureInfo.InvariantCulture)}";

    private static string DataDevice(int lun) => $"disk-lun{lun.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A disk's block node: raw over the disk's NBD export.</summary>
    private static JsonObject Blockdev(string node, NbdServer export) => new()
    {
        ["driver"] = "raw", ["node-name"] = node,
        ["file"] = new JsonObject
        {
            ["driver"] = "nbd", ["export"] = export.ExportName,
            ["server"] = new JsonObject { ["type"] = "inet", ["host"] = "127.0.0.1", ["port"] = export.Port.ToString(CultureInfo.InvariantCulture) },
        },
    };

    /// <summary>
    /// A disk as QEMU's command line takes it (JSON, so no name needs escaping) and its virtio device. The OS disk comes first
    /// (the guest's vda), then the data disks by LUN, then the config disk; a disk plugged later comes after all of them.
    /// </summary>
    private static string[] Disk(JsonObject blockdev, string device) =>
        ["-blockdev", blockdev.ToJsonString(), "-device", $"virtio-blk-pci,drive={blockdev["node-name"]!.GetValue<string>()},id={device}"];

    private static ProcessStartInfo StartInfo(
        FabricVm vm, QemuOptions options, string directory, NbdServer osExport, IReadOnlyDictionary<int, (Uri Blob, NbdServer Export)> dataExports)
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
            .. Disk(Blockdev(OsNode, osExport), "disk-os"),
            .. dataExports.OrderBy(d => d.Key).SelectMany(d => Disk(Blockdev(DataNode(d.Key), d.Value.Export), DataDevice(d.Key))),
            .. Disk(new JsonObject
            {
                ["driver"] = "raw", ["node-name"] = ConfigNode, ["read-only"] = true,
                ["file"] = new JsonObject { ["driver"] = "file", ["filename"] = Path.Combine(directory, "config.img"), ["read-only"] = true },
            }, "disk-config"),
            "-device", "virtio-serial-pci",
            "-chardev", $"socket,id=agent,path={Path.Combine(directory, "agent.sock")},server=on,wait=off",
            "-device", "virtserialport,chardev=agent,name=org.vmportal.agent",
        ];
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return start;
    }
}
