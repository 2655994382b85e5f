namespace VmPortal.Core.Fabric;

/// <summary><c>Fabric</c> configuration: how fast simulated time runs.</summary>
public sealed class FabricOptions
{
    /// <summary>1 = realistic minutes; 100 = a hundred times faster (tests run at 1000 or more).</summary>
    public double Speed { get; set; } = 1;
}
