using System.Buffers.Text;
using System.Text.Json;

namespace VmPortal.Core;

/// <summary>
/// Where the next page of a list starts (API.md "Lists"): the sort key of the last row returned, and the total as counted
/// when the first page was read, so following pages neither skip over rows nor count them again. Opaque to callers
/// (base64url JSON). It carries no filter: a caller sends the same filters with it, as with <c>skip</c>.
/// </summary>
public sealed record Continuation(IReadOnlyList<string> After, int Total)
{
    public const string Field = "continuationToken";

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Wire([.. After], Total)));

    /// <summary>
    /// No token is the first page (or the page at <paramref name="skip"/>); a token this list did not write, or one sent
    /// with a <c>skip</c>, is <c>ValidationFailed</c>.
    /// </summary>
    public static PortalResult<Continuation?> Parse(string? token, int? skip, int keys)
    {
        if (string.IsNullOrEmpty(token)) return (Continuation?)null;
        if (skip is > 0)
            return PortalError.Validation("skip", "skip and continuationToken do not go together: the token already says where the page starts.");
        try
        {
            var wire = JsonSerializer.Deserialize<Wire>(Base64Url.DecodeFromChars(token));
            if (wire?.A is { } after && after.Length == keys && after.All(k => k is not null) && wire.T >= 0)
                return new Continuation(after, wire.T);
        }
        catch (FormatException) { }
        catch (JsonException) { }
        return PortalError.Validation(Field, "continuationToken is not one this list returned; start again without it.");
    }

    private sealed record Wire(string[] A, int T);
}
