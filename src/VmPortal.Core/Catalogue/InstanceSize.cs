namespace VmPortal.Core.Catalogue;

/// <summary>A VM size: cores, memory and how many data disks it may hold (SPEC §1).</summary>
public sealed record InstanceSize(string Name, int Cores, int MemoryInMb, int MaxDataDisks);

public static class InstanceSizes
{
    public static readonly IReadOnlyList<InstanceSize> All =
    [
        new("ExtraSmall", 1, 768, 1),
        new("Small", 1, 1792, 2),
        new("Medium", 2, 3584, 4),
        new("Large", 4, 7168, 8),
        new("ExtraLarge", 8, 14336, 16),
        new("A5", 2, 14336, 4),
        new("A6", 4, 28672, 8),
        new("A7", 8, 57344, 16),
        new("Basic_A0", 1, 768, 1),
        new("Basic_A1", 1, 1792, 2),
        new("Basic_A2", 2, 3584, 4),
        new("Basic_A3", 4, 7168, 8),
        new("Basic_A4", 8, 14336, 16),
        new("Standard_D1", 1, 3584, 4),
        new("Standard_D2", 2, 7168, 8),
        new("Standard_D3", 4, 14336, 16),
        new("Standard_D4", 8, 28672, 32),
        new("Standard_D11", 2, 14336, 8),
        new("Standard_D12", 4, 28672, 16),
        new("Standard_D13", 8, 57344, 32),
        new("Standard_D14", 16, 114688, 64),
    ];

    public static InstanceSize? Find(string name) =>
        All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
