using System.Globalization;

namespace VmPortal.Web.Tests;

/// <summary>
/// One test's language: the culture and UI culture the components render in, put back when disposed (xunit restores
/// neither, and the next test on this thread must not read Chinese by accident).
/// </summary>
internal sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    private UiCulture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    /// <summary>简体中文, as a browser asking for zh, zh-CN or zh-Hans gets it.</summary>
    public static UiCulture Chinese() => new("zh-CN");

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
