using System.Globalization;

namespace VmPortal.Testing;

/// <summary>Runs a test's body in a culture (as a request or circuit of that language would) and restores the one before.</summary>
public sealed class InCulture : IDisposable
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public InCulture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    public static InCulture Chinese() => new("zh-CN");

    public void Dispose()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
    }
}
