using System.Globalization;
using System.Resources;

namespace VmPortal.Web.Components.Pages.Deploy;

/// <summary>The words of the deploy form, review and progress (DeployText.resx); <see cref="DeployModel"/> reads its checks through <see cref="Format"/>.</summary>
public sealed class DeployText
{
    private static readonly ResourceManager Resources = new(typeof(DeployText));

    public static string Format(string key, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key, arguments);
}
