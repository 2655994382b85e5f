using VmPortal.Core.Catalogue;

namespace VmPortal.Web.Components.Shared;

/// <summary>Tags as people type and read them: <c>key</c> or <c>key:value</c>, split at the first colon as the list filters are.</summary>
public static class TagText
{
    public static string AddLabel => SharedText.Get("TagAddLabel");
    public static string AddHint => SharedText.Get("TagAddHint");
    public static string None => SharedText.Get("TagNone");

    public static string Chip(string key, string value) => value.Length == 0 ? key : $"{key}: {value}";

    /// <summary>The filter a chip links to (<c>?tag=env:prod</c>).</summary>
    public static string Filter(string key, string value) => value.Length == 0 ? key : $"{key}:{value}";

    /// <summary>What was typed, as a tag; the key is not checked here (the service's <see cref="TagRules"/> say why it is refused).</summary>
    public static KeyValuePair<string, string> Parse(string typed)
    {
        var text = typed.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new(text, "") : new(text[..colon].Trim(), text[(colon + 1)..].Trim());
    }
}
