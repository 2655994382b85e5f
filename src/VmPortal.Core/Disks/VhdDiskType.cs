namespace VmPortal.Core.Disks;

/// <summary>The footer's disk type field; only <see cref="Fixed"/> is a disk the portal accepts (R1).</summary>
public enum VhdDiskType : uint
{
    None = 0,
    Fixed = 2,
    Dynamic = 3,
    Differencing = 4,
}
