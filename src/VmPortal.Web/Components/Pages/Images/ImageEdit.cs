using VmPortal.Core.Catalogue;
using VmPortal.Core.Images;

namespace VmPortal.Web.Components.Pages.Images;

/// <summary>The R16 form's state: what may change after capture, started from the image, sent back as one update.</summary>
public sealed class ImageEdit
{
    public string Label { get; set; } = "";
    public string? Description { get; set; }
    public string? ImageFamily { get; set; }
    public string? Language { get; set; }
    public string? RecommendedVmSize { get; set; }
    public string? EulaUri { get; set; }
    public string? PrivacyUri { get; set; }
    public string? IconUri { get; set; }
    public bool ShowInGallery { get; set; }
    public HostCaching OsCaching { get; set; }
    /// <summary>Data disks' host caching by LUN, in LUN order.</summary>
    public SortedDictionary<int, HostCaching> DataCaching { get; } = [];

    public static ImageEdit From(ImageView image)
    {
        var edit = new ImageEdit
        {
            Label = image.Label, Description = image.Description, ImageFamily = image.ImageFamily, Language = image.Language,
            RecommendedVmSize = image.RecommendedVmSize, EulaUri = image.EulaUri, PrivacyUri = image.PrivacyUri, IconUri = image.IconUri,
            ShowInGallery = image.ShowInGallery, OsCaching = image.OsDiskConfiguration?.HostCaching ?? HostCaching.ReadWrite,
        };
        foreach (var disk in image.DataDiskConfigurations ?? []) edit.DataCaching[disk.Lun] = disk.HostCaching;
        return edit;
    }

    /// <summary>Every field, so a cleared text (<c>""</c>) clears it on the server too.</summary>
    public ImageUpdate ToUpdate() => new(
        Label: Label, Description: Description ?? "", Language: Language ?? "", ImageFamily: ImageFamily ?? "",
        RecommendedVmSize: RecommendedVmSize ?? "", EulaUri: EulaUri ?? "", PrivacyUri: PrivacyUri ?? "", IconUri: IconUri ?? "",
        ShowInGallery: ShowInGallery, OsDiskConfiguration: new OsDiskUpdate(OsCaching.ToString()),
        DataDiskConfigurations: DataCaching.Select(d => new DataDiskUpdate(d.Key, d.Value.ToString())).ToList());

    /// <summary>The field name the server uses for the data disk at <paramref name="lun"/>'s host caching.</summary>
    public string DataCachingField(int lun) => $"dataDiskConfigurations[{DataCaching.Keys.ToList().IndexOf(lun)}].hostCaching";
}
