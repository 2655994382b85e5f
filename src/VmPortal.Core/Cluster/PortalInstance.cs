namespace VmPortal.Core.Cluster;

/// <summary>
/// This portal process among the instances that share the database: the name it claims leases and operations
/// under, and announces itself by. A new one every start, so a restarted process never mistakes a claim its
/// previous life left behind for its own.
/// </summary>
public sealed class PortalInstance
{
    public string Host { get; } = Environment.MachineName;

    public int ProcessId { get; } = Environment.ProcessId;

    public string Id { get; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

    private static string Truncate(string id) => id.Length <= 128 ? id : id[^128..];
}
