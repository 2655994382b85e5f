using System.Globalization;

namespace VmPortal.Web.Localization;

/// <summary>
/// The portal's two languages: English and 简体中文 (the language of the description the portal re-creates). Any Chinese
/// tag a browser sends (<c>zh</c>, <c>zh-CN</c>, <c>zh-Hans</c>, <c>zh-SG</c>) reads as 简体中文, any English tag as English.
/// </summary>
public static class PortalCultures
{
    public const string English = "en";
    public const string Chinese = "zh-CN";

    public static readonly CultureInfo[] Supported = [new(English), new(Chinese)];

    /// <summary>The portal's culture for a language tag, or null for a language the portal does not speak.</summary>
    public static string? Map(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag)) return null;
        var primary = tag.Split('-', 2)[0];
        if (primary.Equals("zh", StringComparison.OrdinalIgnoreCase))
        {
            // Traditional Chinese is another script; the portal offers it none, so English is the honest fallback.
            return tag.Contains("Hant", StringComparison.OrdinalIgnoreCase) || tag.EndsWith("-TW", StringComparison.OrdinalIgnoreCase)
                || tag.EndsWith("-HK", StringComparison.OrdinalIgnoreCase) || tag.EndsWith("-MO", StringComparison.OrdinalIgnoreCase)
                ? null : Chinese;
        }
        return primary.Equals("en", StringComparison.OrdinalIgnoreCase) ? English : null;
    }

    /// <summary>Whether the current request or circuit reads English (the words components and libraries bring themselves).</summary>
    public static bool ReadsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    /// <summary>The name of each language in itself, for the switch.</summary>
    public static string NativeName(string culture) => culture == Chinese ? "简体中文" : "English";
}
