namespace VmPortal.Core.Disks;

/// <summary>
/// R7: disk blob names. A disk's name is a base name (no extension) plus a candidate sequence: the base
/// itself, then <c>-01</c> … <c>-99</c>, <c>-100</c>, … — tried in order until one can be claimed.
/// </summary>
public static class BlobNames
{
    public const string Extension = ".vhd";
    /// <summary>A bound, so a misbehaving store cannot spin forever; far beyond any real conflict count.</summary>
    public const int MaxAttempts = 10_000;

    public static string ImageOsDisk(string imageName, DateTimeOffset captureTime) =>
        $"{imageName}-os-{DateOf(captureTime)}";

    public static string ImageDataDisk(string imageName, int lun, DateTimeOffset captureTime) =>
        $"{imageName}-datadisk-{lun}-{DateOf(captureTime)}";

    public static string VmOsDisk(string serviceName, string vmName, DateTimeOffset deployTime) =>
        ImageOsDisk($"{serviceName}-{vmName}", deployTime);

    public static string VmDataDisk(string serviceName, string vmName, int lun, DateTimeOffset deployTime) =>
        ImageDataDisk($"{serviceName}-{vmName}", lun, deployTime);

    /// <summary>The n-th blob name to try: attempt 0 is the base name itself, attempt n appends <c>-NN</c> (at least two digits).</summary>
    public static string Candidate(string baseName, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        return attempt == 0 ? baseName + Extension : $"{baseName}-{attempt:00}{Extension}";
    }

    public static IEnumerable<string> Candidates(string baseName) =>
        Enumerable.Range(0, MaxAttempts).Select(attempt => Candidate(baseName, attempt));

    /// <summary>The date is the operation's UTC date, whatever the server's time zone.</summary>
    private static string DateOf(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
