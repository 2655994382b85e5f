using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;

namespace VmPortal.Web.Components.Shared;

/// <summary>
/// A translated sentence with marked-up names in it ("The image <b>Web</b> (<c>web-01</c>) moves…", "Delete <b>vm1</b>?"): the sentence stays one
/// resource entry, so each language orders its words; the sentence is encoded, then each part goes in its placeholder —
/// <see cref="MarkupString"/> parts as they are, anything else encoded.
/// </summary>
public static class MarkedSentence
{
    public static MarkupString Sentence(string template, params object?[] parts) =>
        new(string.Format(CultureInfo.CurrentCulture, WebUtility.HtmlEncode(template),
            parts.Select(p => p is MarkupString markup ? markup.Value : WebUtility.HtmlEncode(Convert.ToString(p, CultureInfo.CurrentCulture))).ToArray<object?>()));

    public static MarkupString Bold(string text) => new($"<b>{WebUtility.HtmlEncode(text)}</b>");

    public static MarkupString Code(string text) => new($"<code>{WebUtility.HtmlEncode(text)}</code>");
}
