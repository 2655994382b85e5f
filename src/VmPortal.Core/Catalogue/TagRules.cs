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
        if (tags.Count > MaxTags) return Invalid(field, $"{tags.Count} tags were given; at most {MaxTags} are allowed.");
        foreach (var (key, value) in tags)
        {
            // A bad key is named in the message (escaped), not in the field, which would carry it.
            if (CheckKey(key, field) is { } badKey) return badKey;
            if (value is null) return Invalid($"{field}.{key}", $"The tag '{NameRules.Quote(key)}' has no value; give \"\" for none.");
            if (value.Length > MaxValue)
                return Invalid($"{field}.{key}", $"The value of tag '{NameRules.Quote(key)}' has {value.Length} characters; at most {MaxValue} are allowed.");
            if (value.Any(NameRules.IsInvisible))
                return Invalid($"{field}.{key}", $"The value of tag '{NameRules.Quote(key)}', '{NameRules.Quote(value)}', contains a control or invisible character.");
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
                return Invalid(field, $"The tag filter '{NameRules.Quote(filter)}' has a value that is not a tag value: 0–{MaxValue} characters, none invisible.");
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
        if (string.IsNullOrEmpty(key)) return Invalid(field, $"A tag key has 1 to {MaxKey} characters; this one is empty.");
        if (key.Length > MaxKey) return Invalid(field, $"The tag key '{NameRules.Quote(key)}' has {key.Length} characters; at most {MaxKey} are allowed.");
        return key.Any(NameRules.IsInvisible)
            ? Invalid(field, $"The tag key '{NameRules.Quote(key)}' contains a control or invisible character.")
            : null;
    }

    private static PortalError Invalid(string field, string message) => new(ErrorCodes.InvalidTag, message, field);
}

/// <summary>One tag filter of a list: the key, and the value it must have (any when null).</summary>
public sealed record TagFilter(string Key, string? Value);
