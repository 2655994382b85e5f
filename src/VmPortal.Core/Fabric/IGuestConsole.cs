namespace VmPortal.Core.Fabric;

/// <summary>
/// A guest's serial console, where a real fabric has one: what the kernel and the guest agent printed last. The
/// simulated fabric's guests print nothing, so it has none and the VM page shows no console.
/// </summary>
public interface IGuestConsole
{
    /// <summary>The last lines, or null when the VM runs under no console this portal instance can read.</summary>
    IReadOnlyList<string>? LastLines(int vmId, int lines);
}
