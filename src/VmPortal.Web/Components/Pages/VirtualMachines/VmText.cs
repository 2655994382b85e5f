using System.Globalization;
using System.Resources;
using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>
/// The words of the VM pages (VmText.resx): the list, its toolbar, a VM's page with its cards, dialogs and actions. The
/// static helpers serve code that shows an enum's value where no localizer is at hand.
/// </summary>
public sealed class VmText
{
    private static readonly ResourceManager Resources = new(typeof(VmText));

    /// <summary>A disk's host caching as people read it; the API and the forms' values keep None, ReadOnly and ReadWrite.</summary>
    public static string HostCachingOf(HostCaching caching) =>
        Resources.GetString($"HostCaching{caching}", CultureInfo.CurrentUICulture) ?? caching.ToString();
}
