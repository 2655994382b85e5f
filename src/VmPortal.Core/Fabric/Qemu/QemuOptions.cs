namespace VmPortal.Core.Fabric.Qemu;

/// <summary><c>Fabric:Qemu</c>: how the real fabric runs its guests (used when <c>Fabric:Kind</c> is <c>Qemu</c>).</summary>
public sealed class QemuOptions
{
    /// <summary>The emulator; Debian's <c>qemu-system-x86</c> package installs it here.</summary>
    public string Binary { get; set; } = "qemu-system-x86_64";

    /// <summary><c>tcg</c> (software, works everywhere) or <c>kvm</c> where the host allows it.</summary>
    public string Accelerator { get; set; } = "tcg";

    /// <summary>Where the guest kernel (<c>vmlinuz</c>) and its initramfs (<c>initrd.img</c>) are, as scripts/build-guest-image.sh leaves them.</summary>
    public string GuestDirectory { get; set; } = Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "vmportal", "guest");

    /// <summary>Per-VM sockets, console logs and config disks; anything left here by a portal that died is cleaned at start.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "vmportal-qemu");

    /// <summary>At most this many guests run at once (each is a QEMU process; two cores run about four under TCG).</summary>
    public int MaxRunningVms { get; set; } = 4;

    /// <summary>A size's memory times this: "Large" (7 GB) runs in 448 MB at the default. Never below <see cref="MinMemoryMb"/>.</summary>
    public double MemoryScale { get; set; } = 1.0 / 16;

    public int MinMemoryMb { get; set; } = 160;

    /// <summary>From launch to the guest's record saying it runs.</summary>
    public TimeSpan BootTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>A guest asked to shut down that has not gone within this is stopped hard (its next boot reports it, R25).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A guest asked to let go of a data disk (hot-unplug) that has not within this keeps it, and the detach fails.</summary>
    public TimeSpan UnplugTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
