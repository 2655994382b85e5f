using System.Globalization;
using System.Resources;
using VmPortal.Core;
using VmPortal.Core.Capture;
using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Components.Pages.VirtualMachines.Capture;

/// <summary>The words of the capture wizard (CaptureText.resx): its steps, warnings, consequences and outcome.</summary>
public sealed class CaptureText
{
    private static readonly ResourceManager Resources = new(typeof(CaptureText));

    /// <summary>An R10 warning in the reader's language, found by its stable code; one the resources do not know keeps the service's words.</summary>
    public static string Warning(CaptureWarning warning) =>
        Resources.GetString("Warning" + warning.Code, CultureInfo.CurrentUICulture) ?? warning.Message;

    /// <summary>The kind of image (the OS state it is captured in) in words; nothing before one is chosen.</summary>
    public static string Kind(OsState? kind) => kind is { } chosen ? DisplayNames.Of(chosen) : "";
}
