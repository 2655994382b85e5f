using System.Globalization;
using System.Text.Json;

namespace VmPortal.Web.Api;

/// <summary>
/// Why a body could not be read as JSON, in the caller's language. System.Text.Json explains itself only in English, so an
/// English caller gets its words ("'}' is an invalid start of a value") and any other caller the place where reading broke
/// (line and byte, counted from one), which is what they need to find it.
/// </summary>
internal static class JsonReason
{
    public static string Of(JsonException e)
    {
        if (CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en")
            return e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
        return e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? ApiMessages.Format("JsonBrokenAt", line + 1, position + 1)
            : ApiMessages.Get("JsonBroken");
    }
}
