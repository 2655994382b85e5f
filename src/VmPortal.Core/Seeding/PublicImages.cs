using VmPortal.Core.Catalogue;

namespace VmPortal.Core.Seeding;

/// <summary>The public OS images every portal offers (R19), each a generalized fixed VHD in every location.</summary>
public static class PublicImages
{
    public sealed record Definition(string Name, string Label, OsType Os, int SizeInGb, string Family, string Description, string RecommendedVmSize);

    /// <summary>Public images are not tied to one location: they have a replica in each.</summary>
    public const string AllLocations = "All locations";

    public static readonly IReadOnlyList<Definition> All =
    [
        new("Windows-Server-2012-R2-Datacenter", "Windows Server 2012 R2 Datacenter", OsType.Windows, 127,
            "Windows Server 2012 R2 Datacenter", "Windows Server 2012 R2 Datacenter, generalized with Sysprep.", "Medium"),
        new("Windows-Server-2008-R2-SP1", "Windows Server 2008 R2 SP1", OsType.Windows, 127,
            "Windows Server 2008 R2 SP1", "Windows Server 2008 R2 with Service Pack 1, generalized with Sysprep.", "Medium"),
        new("Ubuntu-Server-14.04-LTS", "Ubuntu Server 14.04 LTS", OsType.Linux, 30,
            "Ubuntu Server 14.04 LTS", "Ubuntu Server 14.04 LTS (Trusty Tahr), deprovisioned with waagent.", "Small"),
        new("CentOS-6.5", "OpenLogic CentOS 6.5", OsType.Linux, 30,
            "OpenLogic CentOS 6", "CentOS 6.5 by OpenLogic, deprovisioned with waagent.", "Small"),
        new("SUSE-Linux-Enterprise-Server-11-SP3", "SUSE Linux Enterprise Server 11 SP3", OsType.Linux, 30,
            "SUSE Linux Enterprise Server 11", "SUSE Linux Enterprise Server 11 Service Pack 3, deprovisioned with waagent.", "Small"),
    ];

    public static string BlobName(Definition image, string location) =>
        $"public-{image.Name.ToLowerInvariant()}-{EmbeddedName(location)}.vhd";

    private static string EmbeddedName(string location) =>
        new(location.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());
}
