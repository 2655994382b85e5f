using System.Globalization;
using System.Resources;

namespace VmPortal.Web.Components.Shared;

/// <summary>
/// The words of the shared components (progress, tags, copy, times). Components inject <c>IStringLocalizer&lt;SharedText&gt;</c>;
/// the static helpers (<see cref="TimeWords"/>, <see cref="TagText"/>) read the same resource through <see cref="Get"/>.
/// </summary>
public sealed class SharedText
{
    private static readonly ResourceManager Resources = new(typeof(SharedText));

    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Format(string key, params object[] arguments) => string.Format(CultureInfo.CurrentCulture, Get(key), arguments);
}
