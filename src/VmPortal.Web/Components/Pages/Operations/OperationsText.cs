using System.Globalization;
using System.Resources;

namespace VmPortal.Web.Components.Pages.Operations;

/// <summary>The words of the operation pages (OperationsText.resx); the static <see cref="OperationText"/> reads them through <see cref="Format"/>.</summary>
public sealed class OperationsText
{
    private static readonly ResourceManager Resources = new(typeof(OperationsText));

    public static string Format(string key, params object[] arguments) =>
        string.Format(CultureInfo.CurrentCulture, Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key, arguments);
}
