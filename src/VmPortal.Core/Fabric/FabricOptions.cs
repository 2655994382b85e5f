using Microsoft.Extensions.Configuration;

namespace VmPortal.Core.Fabric;

/// <summary><c>Fabric</c> configuration: which hypervisor runs the guests, and how fast simulated time runs.</summary>
public sealed class FabricOptions
{
    /// <summary><c>Simulated</c> (the default: guest actions are writes the portal makes) or <c>Qemu</c> (real guests).</summary>
    public string Kind { get; set; } = "Simulated";

    /// <summary>1 = realistic minutes; 100 = a hundred times faster (tests run at 1000 or more).</summary>
    public double Speed { get; set; } = 1;

    /// <summary>Whether <c>Fabric:Kind</c> asks for QEMU; a kind the portal does not have stops it at start, naming the two it has.</summary>
    public static bool IsQemu(IConfiguration configuration) => configuration["Fabric:Kind"] switch
    {
        null or "" => false,
        var kind when kind.Equals("Simulated", StringComparison.OrdinalIgnoreCase) => false,
        var kind when kind.Equals("Qemu", StringComparison.OrdinalIgnoreCase) => true,
        var kind => throw new InvalidOperationException($"Fabric:Kind is '{kind}'; it is Simulated (the default) or Qemu."),
    };
}
