using System.Xml.Linq;
using VmPortal.Core.Images;
using static VmPortal.Web.Asm.AsmXml;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §2.1–2.2: a VM image as <c>&lt;VMImage&gt;</c> (in <c>&lt;VMImages&gt;</c>) or <c>&lt;VMImageDetails&gt;</c>.
/// The source VM is service, deployment (named like the service) and role; <c>ShowInGui</c> is the gallery flag and
/// <c>Eula</c> the EULA link. Replication, sharing and marketplace details have no counterpart and are left out.
/// </summary>
internal static class VmImageXml
{
    public static XElement List(IEnumerable<ImageView> images) => E("VMImages", images.Select(i => Image("VMImage", i)));

    public static XElement Details(ImageView image) => Image("VMImageDetails", image);

    private static XElement Image(string root, ImageView i) => E(root,
        E("Name", i.Name),
        E("Label", i.Label),
        E("Category", i.Category.ToString()),
        Optional("Description", i.Description),
        i.OsDiskConfiguration is { } os
            ? E("OSDiskConfiguration",
                E("Name", os.Name), E("HostCaching", os.HostCaching.ToString()), E("OSState", os.OsState.ToString()),
                E("OS", os.Os.ToString()), E("MediaLink", os.MediaLink), E("LogicalDiskSizeInGB", Int(os.LogicalSizeInGb)))
            : null,
        E("DataDiskConfigurations", (i.DataDiskConfigurations ?? []).Select(d => E("DataDiskConfiguration",
            E("Name", d.Name), E("HostCaching", d.HostCaching.ToString()), E("Lun", Int(d.Lun)),
            E("MediaLink", d.MediaLink), E("LogicalDiskSizeInGB", Int(d.LogicalSizeInGb))))),
        Optional("ServiceName", i.SourceVm?.ServiceName),
        Optional("DeploymentName", i.SourceVm?.ServiceName),
        Optional("RoleName", i.SourceVm?.Name),
        E("Location", i.Location ?? string.Join(";", i.Locations)),
        E("CreatedTime", Date(i.CreatedTime)),
        E("ModifiedTime", Date(i.ModifiedTime)),
        Optional("Language", i.Language),
        Optional("ImageFamily", i.ImageFamily),
        Optional("RecommendedVMSize", i.RecommendedVmSize),
        E("IsPremium", Bool(false)),
        Optional("Eula", i.EulaUri),
        Optional("IconUri", i.IconUri),
        Optional("PrivacyUri", i.PrivacyUri),
        E("ShowInGui", Bool(i.ShowInGallery)));
}
