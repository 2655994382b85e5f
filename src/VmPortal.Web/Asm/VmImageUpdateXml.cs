using VmPortal.Core;
using VmPortal.Core.Images;

namespace VmPortal.Web.Asm;

/// <summary>A data disk's host caching as the classic client sends it: by LUN, by name, or both.</summary>
internal sealed record DataDiskChange(string? Name, int? Lun, string? HostCaching);

/// <summary>
/// ASM.md §2.3: the <c>&lt;VMImage&gt;</c> of an update, read into the portal's R16 update (label, description,
/// language, family, recommended size, EULA/icon/privacy links, show-in-gallery, host caching). An empty element clears an
/// optional text, as <c>""</c> does in the REST API; <c>SmallIconUri</c> and <c>PublishedDate</c> have no counterpart and
/// are dropped; anything else is refused.
/// </summary>
internal sealed record VmImageChange(ImageUpdate Update, IReadOnlyList<DataDiskChange> DataDisks)
{
    public static VmImageChange Read(AsmElement image)
    {
        var osDisk = image.Element("OSDiskConfiguration");
        var osCaching = osDisk?.Value("HostCaching");
        osDisk?.RefuseOthers();
        var dataDisks = image.Items("DataDiskConfigurations", "DataDiskConfiguration").Select(d =>
        {
            var change = new DataDiskChange(d.Value("Name"), d.Int("Lun"), d.Value("HostCaching"));
            d.RefuseOthers();
            return change;
        }).ToList();
        var update = new ImageUpdate(
            Label: image.Text("Label"), Description: image.Text("Description"), Language: image.Text("Language"),
            ImageFamily: image.Text("ImageFamily"), RecommendedVmSize: image.Text("RecommendedVMSize"), EulaUri: image.Text("Eula"),
            PrivacyUri: image.Text("PrivacyUri"), IconUri: image.Text("IconUri"), ShowInGallery: image.Bool("ShowInGui"),
            OsDiskConfiguration: osCaching is null ? null : new OsDiskUpdate(HostCaching: osCaching));
        image.Ignore("SmallIconUri", "PublishedDate");
        image.RefuseOthers();
        return new VmImageChange(update, dataDisks);
    }

    /// <summary>The update with every data disk named by LUN, as the image has them; a name that is not there is <c>InvalidLun</c>.</summary>
    public PortalResult<ImageUpdate> For(ImageView image)
    {
        var disks = image.DataDiskConfigurations ?? [];
        var changes = new List<DataDiskUpdate>();
        for (var n = 0; n < DataDisks.Count; n++)
        {
            var (name, lun, caching) = DataDisks[n];
            var field = $"DataDiskConfigurations/DataDiskConfiguration[{n}]";
            var byLun = disks.FirstOrDefault(d => d.Lun == lun);
            var byName = disks.FirstOrDefault(d => d.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (lun is null && name is null)
                return PortalError.Validation(field, $"{field} names no disk; give its Lun or its Name.");
            if (lun is null && byName is null)
                return new PortalError(ErrorCodes.InvalidLun, $"Image '{image.Name}' has no data disk named '{name}'.", $"{field}/Name");
            if (lun is not null && name is not null && byLun is not null && byLun != byName)
                return PortalError.Validation(field, $"LUN {lun} of image '{image.Name}' holds '{byLun.Name}', not '{name}'.");
            changes.Add(new DataDiskUpdate(lun ?? byName!.Lun, caching));
        }
        return Update with { DataDiskConfigurations = changes.Count == 0 ? null : changes };
    }
}
