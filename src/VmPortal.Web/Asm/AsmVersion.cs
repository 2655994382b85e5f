using System.Globalization;

namespace VmPortal.Web.Asm;

/// <summary>
/// ASM.md §1 "version": every request names the API version it speaks in <c>x-ms-version</c>. The classic client sends
/// 2017-01-01; any version from 2014-05-01, when VM images appeared, is accepted.
/// </summary>
internal static class AsmVersion
{
    public const string Header = "x-ms-version";
    public static readonly DateOnly Oldest = new(2014, 5, 1);

    /// <summary>The refusal for a missing, unreadable or too old version; null when the request may go on.</summary>
    public static AsmError? Check(HttpRequest request)
    {
        var value = request.Headers[Header].ToString().Trim();
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var version) && version >= Oldest)
            return null;
        var given = value.Length == 0 ? $"The {Header} header is missing" : $"{Header} '{value}' is not a version this endpoint speaks";
        return new AsmError(StatusCodes.Status400BadRequest, "MissingOrIncorrectVersionHeader", Core.ErrorCodes.ValidationFailed,
            $"{given}; send {Header}: {Oldest:yyyy-MM-dd} or later (the classic client sends 2017-01-01).");
    }
}
