using System.Diagnostics.CodeAnalysis;

namespace VmPortal.Core;

/// <summary>How one sentence sits inside another, in either language.</summary>
public static class Sentence
{
    /// <summary>
    /// A cause quoted inside a longer sentence, without its own full stop ("." or "。"): the outer sentence ends it, so a
    /// failure never reads "…was refused.. Nothing was left behind".
    /// </summary>
    [return: NotNullIfNotNull(nameof(sentence))]
    public static string? Nested(string? sentence) => sentence?.TrimEnd('.', '。');
}
