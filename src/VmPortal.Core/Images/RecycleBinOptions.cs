namespace VmPortal.Core.Images;

/// <summary><c>Portal:RecycleBinDays</c>: how long a deleted image stays restorable before the portal purges it.</summary>
public sealed class RecycleBinOptions
{
    public int RecycleBinDays { get; set; } = 7;

    public TimeSpan Keep => TimeSpan.FromDays(Math.Max(0, RecycleBinDays));
}
