using System.Globalization;

namespace VmPortal.Web.Tests.Images;

/// <summary>
/// The test renders as a 简体中文 circuit would (its UI and formatting culture), and gives the thread its cultures back when
/// disposed: xunit restores nothing, and the next test on this thread must not read Chinese.
/// </summary>
internal sealed class ChineseCulture : IDisposable
{
    private readonly (CultureInfo Ui, CultureInfo Format) _before = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);

    public ChineseCulture() => CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("zh-CN");

    public void Dispose() => (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = _before;
}
