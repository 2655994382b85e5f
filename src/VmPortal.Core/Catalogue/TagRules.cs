namespace VmPortal.Core.Catalogue;

/// <summary>
/// API.md's tags: at most <see cref="MaxTags"/>, a key of 1–<see cref="MaxKey"/> characters, a value of 0–<see cref="MaxValue"/>,
/// neither with a control or invisible character (<see cref="NameRules.IsInvisible"/>). Keys match exactly, in their case.
/// Every refusal is <c>InvalidTag</c> naming the field.
/// </summary>
public static class TagRules
{
    public const int MaxTags = 50;
    public const int MaxKey = 128;
    public const int MaxValue = 256;

    public static PortalError? Check(IReadOnlyDictionary<string, string>? tags, string field = "tags")
    {
        if (tags is null) return null;
        if (tags.Count > MaxTags) return Invalid(field, CatalogueMessages.Format("TagTooMany", tags.Count, MaxTags));
        foreach (var (key, value) in tags)
        {
            // A bad key is named in the message (escaped), not in the field, which would carry it.
            if (CheckKey(key, field) is { } badKey) return badKey;
            if (value is null) return Invalid($"{field}.{key}", CatalogueMessages.Format("TagNoValue", NameRules.Quote(key)));
            if (value.Length > MaxValue)
                return Invalid($"{field}.{key}", CatalogueMessages.Format("TagValueTooLong", NameRules.Quote(key), value.Length, MaxValue));
            if (value.Any(NameRules.IsInvisible))
                return Invalid($"{field}.{key}", CatalogueMessages.Format("TagValueInvisible", NameRules.Quote(key), NameRules.Quote(value)));
        }
        return null;
    }

    /// <summary>The list filters <c>?tag=key</c> and <c>?tag=key:value</c> (split at the first colon); all must match.</summary>
    public static PortalResult<IReadOnlyList<TagFilter>> ParseFilters(IReadOnlyList<string>? filters, string field = "tag")
    {
        var parsed = new List<TagFilter>();
        foreach (var filter in filters ?? [])
        {
            var colon = filter.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? filter : filter[..colon];
            var value = colon < 0 ? null : filter[(colon + 1)..];
            if (CheckKey(key, field) is { } badKey) return badKey;
            if (value is not null && (value.Length > MaxValue || value.Any(NameRules.IsInvisible)))
                return Invalid(field, CatalogueMessages.Format("TagFilterBadValue", NameRules.Quote(filter), MaxValue));
            parsed.Add(new TagFilter(key, value));
        }
        return parsed;
    }

    /// <summary>Tags as stored, ordered by key so lists read the same every time.</summary>
    public static List<ResourceTag> ToRows(IReadOnlyDictionary<string, string> tags) =>
        tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new ResourceTag { Key = t.Key, Value = t.Value }).ToList();

    public static IReadOnlyDictionary<string, string> ToMap(IEnumerable<ResourceTag> tags) =>
        tags.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);

    private static PortalError? CheckKey(string? key, string field)
    {
        if (string.IsNullOrEmpty(key)) return Invalid(field, CatalogueMessages.Format("TagKeyEmpty", MaxKey));
        if (key.Length > MaxKey) return Invalid(field, CatalogueMessages.Format("TagKeyTooLong", NameRules.Quote(key), key.Length, MaxKey));
        return key.Any(NameRules.IsInvisible)
            ? Invalid(field, CatalogueMessages.Format("TagKeyInvisible", NameRules.Quote(key)))
            : null;
    }

    private static PortalError Invalid(string field, string message) => new(ErrorCodes.InvalidTag, message, field);
}

/// <summary>One tag filter of a list: the key, and the value it must have (any when null).</summary>
public sealed record TagFilter(string Key, string? Value);
