using System.Globalization;
using MudBlazor;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;
using VmPortal.Web.Components.Shared;
using VmPortal.Web.Localization;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>
/// How an image reads everywhere in the portal: its kind, state, logo, disks and the R25 warning. Also the marker of
/// ImageText.resx, the words of the image pages in English and 简体中文: components inject <c>IStringLocalizer&lt;ImageText&gt;</c>,
/// the static helpers here and beside it read the same resource through <c>Get</c> and <c>Format</c>.
/// </summary>
public sealed class ImageText : ResourceText<ImageText>
{
    public static string Kind(ImageKind kind) => kind == ImageKind.OSImage ? Get("KindOsImage") : Get("KindVmImage");

    /// <summary>Generalized or specialized, in words (the API keeps the code).</summary>
    public static string StateName(OsState state) => state == OsState.Generalized ? Get("OsStateGeneralized") : Get("OsStateSpecialized");

    /// <summary>
    /// An image's description: a public image's, which the portal itself wrote, in the reader's language; a user image's as
    /// its owner wrote it.
    /// </summary>
    public static string? Description(ImageView image) => Description(image.Name, image.Category, image.Description);

    /// <inheritdoc cref="Description(ImageView)"/>
    public static string? Description(string name, ImageCategory category, string? description) =>
        category == ImageCategory.Public && !PortalCultures.ReadsEnglish
            && Find("PublicDescription_" + name) is { } words
            ? words : description;

    public static string CategoryName(ImageCategory category) => category == ImageCategory.Public ? Get("CategoryPublic") : Get("CategoryUser");

    public static string CachingName(HostCaching caching) => caching switch
    {
        HostCaching.ReadOnly => Get("CachingReadOnly"),
        HostCaching.ReadWrite => Get("CachingReadWrite"),
        _ => Get("CachingNone"),
    };

    /// <summary>Names as a sentence lists them: "West US", "West US and North Europe", "West US, East US and North Europe".</summary>
    public static string List(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Concat(items) : Format("ListLast", string.Join(Get("ListSeparator"), items.Take(items.Count - 1)), items[^1]);

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
        var gb = disks.Sum(d => d.SizeInGb).ToString("N0", CultureInfo.CurrentCulture);
        var size = disks.Count == 1 ? Format("DiskSummaryOne", gb) : Format("DiskSummaryMany", disks.Count, gb);
        return disks.Count > 0 && disks.All(d => d.Allocated is not null)
            ? Format("DiskSummaryAllocated", size, Units.Bytes(disks.Sum(d => d.Allocated!.Value)))
            : size;
    }

    public static string Locations(ImageView image) =>
        IsPublic(image) ? Format("AllLocations", image.Locations.Count) : string.Join(Get("ListSeparator"), image.Locations.Select(LocationText.Name));

    /// <summary>R25: captured from a Windows VM that was running, so the first RDP may report an unexpected shutdown.</summary>
    public static bool CapturedWhileRunningWindows(ImageView image) =>
        image.Os == OsType.Windows && image.RoleStateOnCapture is VmStatus.ReadyRole or VmStatus.RoleStateUnknown or VmStatus.StartingVM;

    public static string Date(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
