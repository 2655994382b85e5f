using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace VmPortal.Web.Localization;

/// <summary>
/// MudBlazor's own words (pager, data grid, dialogs, steppers) in the user's language. MudBlazor asks only when the culture is
/// not English; a key without a translation falls back to its built-in English.
/// </summary>
public sealed class PortalMudLocalizer(IStringLocalizer<MudStrings> strings) : MudLocalizer
{
    public override LocalizedString this[string key]
    {
        get
        {
            var found = strings[key];
            // The neutral resource holds MudBlazor's English only for the parity check: English comes from MudBlazor itself.
            return PortalCultures.ReadsEnglish ? new LocalizedString(key, key, resourceNotFound: true) : found;
        }
    }

    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var found = this[key];
            return found.ResourceNotFound ? found : new LocalizedString(key, string.Format(CultureInfo.CurrentCulture, found.Value, arguments));
        }
    }
}
