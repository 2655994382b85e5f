namespace VmPortal.Core;

/// <summary>
/// The lists' text search as the database is asked it: a part of a name, found anywhere in it. Three characters or more go
/// through <see cref="Data.SearchIndexes"/> (a trigram lookup); shorter text matches the same rows by a scan.
/// </summary>
public static class SearchText
{
    /// <summary>The shortest text a trigram index can look up.</summary>
    public const int Indexed = 3;

    public static bool IsIndexed(string text) => text.Length >= Indexed;

    /// <summary>A <c>LIKE</c> pattern that finds <paramref name="text"/> anywhere, its own <c>%</c>, <c>_</c> and <c>\</c> escaped with <c>\</c>.</summary>
    public static string Contains(string text) =>
        "%" + text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";

    /// <summary>An FTS5 phrase: the trigram tokenizer matches it as a substring; a double quote is doubled.</summary>
    public static string Phrase(string text) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
