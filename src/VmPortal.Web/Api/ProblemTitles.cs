using VmPortal.Core;

namespace VmPortal.Web.Api;

/// <summary>
/// A problem's <c>title</c> in the request's language (its <c>Accept-Language</c>, read by the request localization); the
/// <c>code</c> stays the same in every language, for scripts.
/// </summary>
internal sealed class ProblemTitles : ResourceText<ProblemTitles>
{
    public static string? Of(string code) => Find(code);
}
