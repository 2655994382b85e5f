using System.Globalization;
using MudBlazor;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Web.Components.Shared;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>How an image reads everywhere in the portal: its kind, state, logo, disks and the R25 warning.</summary>
public static class ImageText
{
    public static string Kind(ImageKind kind) => kind == ImageKind.OSImage ? "OS image" : "VM image";

    public static Color KindColor(ImageKind kind) => kind == ImageKind.OSImage ? Color.Primary : Color.Secondary;

    public static Color StateColor(OsState state) => state == OsState.Generalized ? Color.Success : Color.Warning;

    public static bool IsPublic(ImageView image) => image.Category == ImageCategory.Public;

    /// <summary>The OS logo under <c>wwwroot/img/os/</c>: a known distribution by name, label or family, else Windows or Linux.</summary>
    public static string Logo(ImageView image)
    {
        var text = $"{image.Name} {image.Label} {image.ImageFamily}".ToUpperInvariant();
        var mark = image.Os == OsType.Windows ? "windows"
            : text.Contains("UBUNTU") ? "ubuntu"
            : text.Contains("CENTOS") ? "centos"
            : text.Contains("SUSE") || text.Contains("SLES") ? "suse"
            : "linux";
        return $"img/os/{mark}.svg";
    }

    public static IEnumerable<(int? Lun, string Name, HostCaching Caching, string MediaLink, int SizeInGb, long? Allocated, bool? BlobMissing)> Disks(ImageView image)
    {
        if (image.OsDiskConfiguration is { } os) yield return (null, os.Name, os.HostCaching, os.MediaLink, os.LogicalSizeInGb, os.AllocatedBytes, os.BlobMissing);
        foreach (var d in image.DataDiskConfigurations ?? []) yield return (d.Lun, d.Name, d.HostCaching, d.MediaLink, d.LogicalSizeInGb, d.AllocatedBytes, d.BlobMissing);
    }

    /// <summary>"3 disks · 1,151 GB" (and what they store, when known).</summary>
    public static string DiskSummary(ImageView image)
    {
        var disks = Disks(image).ToList();
        var size = $"{disks.Count} disk{(disks.Count == 1 ? "" : "s")} · {disks.Sum(d => d.SizeInGb):N0} GB";
        return disks.Count > 0 && disks.All(d => d.Allocated is not null)
            ? $"{size} ({Units.Bytes(disks.Sum(d => d.Allocated!.Value))} allocated)"
            : size;
    }

    public static string Locations(ImageView image) =>
        IsPublic(image) ? $"All locations ({image.Locations.Count})" : string.Join(", ", image.Locations);

    /// <summary>R25: captured from a Windows VM that was running, so the first RDP may report an unexpected shutdown.</summary>
    public static bool CapturedWhileRunningWindows(ImageView image) =>
        image.Os == OsType.Windows && image.RoleStateOnCapture is VmStatus.ReadyRole or VmStatus.RoleStateUnknown or VmStatus.StartingVM;

    public static string Date(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
