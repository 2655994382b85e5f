using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Disks;

namespace VmPortal.Qemu.Tests.Guest;

/// <summary>
/// VmPortal Linux booted under QEMU (TCG) as the fabric boots it: the image's disk as a raw virtio disk, a data
/// disk, the config disk last and the agent's serial port on a unix socket. What the guest writes to its own disks
/// is read back with the portal's parsers. Needs qemu-system-x86 (the test command's QEMU stage installs it).
/// </summary>
public sealed partial class GuestImageBootTests : IDisposable
{
    private const string ComputerName = "boot-test";
    private const string AdminUser = "tester";
    // openssl passwd -6 -salt vmportaltest 'guest image test'
    private const string PasswordHash = "$6$vmportaltest$m.71IWThW2KYBfiPaWXFOJus/DjB2l2xJ8mYouXbwYIdgIHDjf3dB1s3thSMS0mYQVoyNiImNEoUaD7h7luC51";

    private readonly DirectoryInfo _run = Directory.CreateTempSubdirectory("vmportal-guest-boot-");
    private string OsDisk => Path.Combine(_run.FullName, "os.raw");
    private string DataDisk => Path.Combine(_run.FullName, "data.raw");
    private string ConfigDisk => Path.Combine(_run.FullName, "config.raw");
    private string AgentSocket => Path.Combine(_run.FullName, "agent.sock");

    [Fact]
    public async Task A_generalized_image_boots_provisioned_from_its_config_disk_and_shuts_down_cleanly()
    {
        await GuestImage.EnsureBuiltAsync();
        await MakeDisksAsync($"VMPCONF1\ncomputer_name={ComputerName}\nadmin_user={AdminUser}\npassword_hash={PasswordHash}\n");
        var bootStarted = TimeProvider.System.GetUtcNow();
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var qemu = Qemu.Start(Arguments());
        var ready = await qemu.WaitForLineAsync("vmportal-agent: ready ", bounded.Token);
        using var agent = await AgentPort.ConnectAsync(AgentSocket, bounded.Token);
        Assert.Equal("ok 0", await agent.AskAsync("run echo hi > /root/x", bounded.Token));
        Assert.Equal("ok shutting down", await agent.AskAsync("shutdown", bounded.Token));
        await qemu.WaitForExitAsync(bounded.Token);
        var shutDown = TimeProvider.System.GetUtcNow();

        var record = GuestRecord.Parse(await ReadSectorAsync(OsDisk, GuestRecord.Offset));
        Assert.Equal(SectorState.Present, record.State);
        var guest = record.Value!;
        Assert.Equal(OsType.Linux, guest.Os);
        Assert.False(guest.Generalized);
        Assert.True(guest.Provisioned);
        Assert.False(guest.Running);
        Assert.False(guest.LastShutdownUnexpected);
        Assert.Equal(ComputerName, guest.ComputerName);
        Assert.Equal(AdminUser, guest.AdminUserName);
        Assert.Equal(1u, guest.BootCount);
        Assert.Equal(Guid.ParseExact(MachineIdIn(ready), "N"), guest.MachineId);
        // The guest's clock is the host's (QEMU's RTC), in whole seconds.
        Assert.InRange(guest.LastBootTime!.Value, bootStarted.AddSeconds(-2), shutDown.AddSeconds(2));

        // R5a: the same heartbeat on the OS and data disks, none on the config disk.
        var osBeat = Heartbeat.Parse(await ReadSectorAsync(OsDisk, Heartbeat.Offset));
        var dataBeat = Heartbeat.Parse(await ReadSectorAsync(DataDisk, Heartbeat.Offset));
        Assert.Equal(SectorState.Present, osBeat.State);
        Assert.Equal(SectorState.Present, dataBeat.State);
        Assert.Equal(osBeat.Value!.Sequence, dataBeat.Value!.Sequence);
        Assert.Equal(SectorState.Absent, Heartbeat.Parse(await ReadSectorAsync(ConfigDisk, Heartbeat.Offset)).State);
        Assert.Contains("vmportal-agent: shut down (command)", qemu.Console);
    }

    [Fact]
    public async Task A_config_disk_with_a_line_the_agent_does_not_know_is_refused_before_anything_is_applied()
    {
        await GuestImage.EnsureBuiltAsync();
        await MakeDisksAsync($"VMPCONF1\ncomputer_name={ComputerName}\nadmin_user={AdminUser}\npassword_hash={PasswordHash}\nrun=rm -rf /\n");
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using var qemu = Qemu.Start(Arguments());
        var refused = await qemu.WaitForLineAsync("vmportal-agent: error ", bounded.Token);
        await qemu.WaitForExitAsync(bounded.Token);

        Assert.Contains("the config disk /dev/vdc is refused: unknown key 'run'", refused);
        Assert.DoesNotContain("vmportal-agent: ready", qemu.Console);
        var record = GuestRecord.Parse(await ReadSectorAsync(OsDisk, GuestRecord.Offset));
        Assert.Equal(GuestRecord.GeneralizedImage(OsType.Linux), record.Value);
        Assert.Equal(SectorState.Absent, Heartbeat.Parse(await ReadSectorAsync(OsDisk, Heartbeat.Offset)).State);
    }

    private async Task MakeDisksAsync(string configText)
    {
        // The image's data without its footer, as the fabric's NBD export serves it; cp keeps it sparse.
        using (var copy = Process.Start("cp", ["--sparse=always", GuestImage.Vhd, OsDisk]))
        {
            await copy.WaitForExitAsync();
            Assert.Equal(0, copy.ExitCode);
        }
        await using (var os = File.OpenWrite(OsDisk)) os.SetLength(VhdFooter.GiB);
        await using (var data = File.Create(DataDisk)) data.SetLength(16 * VhdFooter.MiB);
        await using var config = File.Create(ConfigDisk);
        await config.WriteAsync(Encoding.UTF8.GetBytes(configText));
        config.SetLength(VhdFooter.MiB);
    }

    private List<string> Arguments() =>
    [
        "-accel", "tcg", "-m", "256", "-nographic", "-no-reboot", "-nic", "none",
        "-kernel", GuestImage.Kernel, "-initrd", GuestImage.Initrd,
        "-append", "console=ttyS0 root=/dev/vda1 panic=-1 quiet",
        "-drive", $"file={OsDisk},format=raw,if=virtio",
        "-drive", $"file={DataDisk},format=raw,if=virtio",
        "-drive", $"file={ConfigDisk},format=raw,if=virtio",
        "-device", "virtio-serial",
        "-chardev", $"socket,id=agent,path={AgentSocket},server=on,wait=off",
        "-device", "virtserialport,chardev=agent,name=org.vmportal.agent",
    ];

    private static string MachineIdIn(string readyLine)
    {
        var match = MachineIdPattern().Match(readyLine);
        Assert.True(match.Success, $"no machine id in '{readyLine}'");
        return match.Groups[1].Value;
    }

    private static async Task<byte[]> ReadSectorAsync(string disk, long offset)
    {
        await using var file = File.OpenRead(disk);
        file.Seek(offset, SeekOrigin.Begin);
        var sector = new byte[VhdFooter.SectorSize];
        await file.ReadExactlyAsync(sector);
        return sector;
    }

    [GeneratedRegex("machine-id=([0-9a-f]{32})")]
    private static partial Regex MachineIdPattern();

    public void Dispose() => _run.Delete(recursive: true);
}
