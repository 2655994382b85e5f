namespace VmPortal.Web.Components.Shared;

/// <summary>Sizes and names as people read them.</summary>
public static class Units
{
    private static readonly string[] Suffixes = ["B", "KB", "MB", "GB", "TB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Suffixes.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : $"{value:0.#} {Suffixes[unit]}";
    }

    public static string Memory(int megabytes) => megabytes < 1024 ? $"{megabytes} MB" : $"{megabytes / 1024.0:0.##} GB";

    /// <summary>The blob's own name from a disk's media link (<c>…/vhds/web01-os.vhd</c> → <c>web01-os.vhd</c>).</summary>
    public static string BlobName(string mediaLink) => Uri.UnescapeDataString(new Uri(mediaLink).Segments[^1]);
}
