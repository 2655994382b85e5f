using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Components;

namespace VmPortal.Web.Components.Pages.VirtualMachines;

/// <summary>
/// A localized sentence whose placeholders stand out — a name in bold, a blob's name as code. The words move around the
/// names differently in each language, so the sentence stays one resource entry rather than pieces around the markup.
/// The sentence and the names are encoded; only the tags are markup.
/// </summary>
internal static class MarkedSentence
{
    /// <summary>Every placeholder in bold.</summary>
    public static MarkupString Bold(string sentence, params string[] parts) => Mark(sentence, "b", parts.Length, parts);

    /// <summary>The name (<c>{0}</c>) in bold, the other placeholders as plain text.</summary>
    public static MarkupString BoldName(string sentence, string name, params object[] rest) => Mark(sentence, "b", 1, [name, .. rest]);

    /// <summary>Every placeholder as code.</summary>
    public static MarkupString Code(string sentence, params string[] parts) => Mark(sentence, "code", parts.Length, parts);

    /// <summary>The sentence with its first <paramref name="marked"/> placeholders in the tag.</summary>
    private static MarkupString Mark(string sentence, string tag, int marked, object[] parts) =>
        new(string.Format(CultureInfo.CurrentCulture, WebUtility.HtmlEncode(sentence), [.. parts.Select((p, i) =>
        {
            var text = WebUtility.HtmlEncode(Convert.ToString(p, CultureInfo.CurrentCulture));
            return (object)(i < marked ? $"<{tag}>{text}</{tag}>" : text ?? "");
        })]));
}
