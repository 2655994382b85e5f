using System.Collections;
using System.Text.Json.Nodes;

namespace VmPortal.PowerShell;

/// <summary>
/// Tags as a PowerShell user writes them (<c>-Tag @{env='prod'}</c>) and reads them back: a hashtable whose keys keep
/// their case, because tag keys match exactly.
/// </summary>
internal static class PortalTags
{
    /// <summary>The <c>tags</c> member of a request: every key and value as text; a <c>$null</c> value is the empty value.</summary>
    public static JsonObject ToJson(Hashtable tags)
    {
        var json = new JsonObject();
        foreach (DictionaryEntry entry in tags) json[entry.Key.ToString()!] = entry.Value?.ToString() ?? "";
        return json;
    }

    /// <summary>
    /// List filters, all of which must match: <c>tag=key:value</c>, or <c>tag=key</c> (any value) for a key given
    /// <c>$null</c> or <c>'*'</c>.
    /// </summary>
    public static string ToQuery(Hashtable tags)
    {
        var filters = new List<string>();
        foreach (DictionaryEntry entry in tags)
        {
            var key = entry.Key.ToString()!;
            var value = entry.Value?.ToString();
            var filter = value is null or "*" ? key : $"{key}:{value}";
            filters.Add($"tag={Uri.EscapeDataString(filter)}");
        }
        return string.Join('&', filters);
    }

    /// <summary>The portal's <c>tags</c> object as an ordered hashtable (keys as stored, in the portal's order).</summary>
    public static IDictionary FromJson(JsonNode? tags)
    {
        var result = new System.Collections.Specialized.OrderedDictionary(StringComparer.Ordinal);
        if (tags is JsonObject o)
            foreach (var (key, value) in o) result[key] = value?.GetValue<string>() ?? "";
        return result;
    }

    /// <summary><paramref name="path"/> with the tag filters added, if any.</summary>
    public static string Filtered(string path, Hashtable? tags) =>
        tags is null || tags.Count == 0 ? path : $"{path}{(path.Contains('?') ? '&' : '?')}{ToQuery(tags)}";
}
