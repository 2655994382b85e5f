namespace VmPortal.Core.Catalogue;

/// <summary>A public port of the cloud service forwarded to a port of the VM (RDP 3389, SSH 22, …).</summary>
public sealed class Endpoint
{
    public required string Name { get; set; }
    public required string Protocol { get; set; }
    public int PublicPort { get; set; }
    public int LocalPort { get; set; }
}
