using Microsoft.Extensions.Options;

namespace VmPortal.Core.Fabric;

/// <summary>
/// Fabric time: how long things take on a real hypervisor, divided by <see cref="FabricOptions.Speed"/>.
/// </summary>
public sealed class FabricClock(IOptions<FabricOptions> options, TimeProvider time)
{
    // Realistic durations of the simulated hypervisor.
    public static readonly TimeSpan Provisioning = TimeSpan.FromSeconds(45);
    public static readonly TimeSpan Boot = TimeSpan.FromSeconds(20);
    /// <summary>From "running" to "RDP/SSH answers" (R24: a few minutes for a specialized guest).</summary>
    public static readonly TimeSpan GuestReady = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan Shutdown = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Deallocate = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Sysprep = TimeSpan.FromSeconds(30);
    /// <summary>How often a guest that is being captured writes its heartbeat (R5a).</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    /// <summary>How often any other running guest does: rarely, so a thousand idle VMs cost storage next to nothing.</summary>
    public static readonly TimeSpan IdleHeartbeat = TimeSpan.FromMinutes(5);

    private readonly double _speed = options.Value.Speed > 0 ? options.Value.Speed : 1;

    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow();

    public TimeSpan Scaled(TimeSpan realistic) => realistic / _speed;

    public Task DelayAsync(TimeSpan realistic, CancellationToken cancellationToken) =>
        Task.Delay(Scaled(realistic), time, cancellationToken);
}
