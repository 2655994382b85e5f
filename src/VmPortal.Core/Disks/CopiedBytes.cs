using System.Globalization;

namespace VmPortal.Core.Disks;

/// <summary>How far a server-side copy has come, as storage reports it (<c>x-ms-copy-progress: copied/total</c>).</summary>
public readonly record struct CopiedBytes(long Copied, long Total)
{
    /// <summary>Storage's <c>"copied/total"</c>; null when it said nothing readable.</summary>
    public static CopiedBytes? Parse(string? progress)
    {
        var parts = progress?.Split('/');
        return parts is [var copied, var total]
               && long.TryParse(copied, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
               && long.TryParse(total, NumberStyles.None, CultureInfo.InvariantCulture, out var t)
            ? new CopiedBytes(c, t)
            : null;
    }
}
