using System.Text.Json;
using VmPortal.Core;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

/// <summary>
/// Every JSON body of an <c>/api</c> call is read whole before anything runs — also a body the route would ignore — and
/// refused as <c>InvalidRequest</c> when it is not JSON or an object names a member twice (<c>{"x":1,"x":2}</c>, or
/// <c>name</c> and <c>Name</c>, which bind to one field): which of the two a reader would take is anyone's guess, and
/// what the audit records must be what ran. Runs after sign-in, so a caller learns nothing before it is known.
/// </summary>
internal sealed class JsonBodyGuard(RequestDelegate next)
{
    /// <summary>No API body comes near this; a larger one is refused rather than buffered.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (ApiAccess.IsRead(request.Method) || request.ContentLength == 0 || !IsJson(request.ContentType))
        {
            await next(context);
            return;
        }
        request.EnableBuffering();
        var body = await ReadAsync(request, context.RequestAborted);
        request.Body.Position = 0;
        var refusal = body is null
            ? new PortalError(ErrorCodes.InvalidRequest, ApiMessages.Format("BodyTooLarge", MaxBodyBytes / 1024), "body")
            : Check(body.AsSpan());
        if (refusal is null)
        {
            await next(context);
            return;
        }
        ApiAuditMiddleware.NoteRefusal(context, refusal.Code);
        await ApiProblems.For(refusal).ExecuteAsync(context);
    }

    /// <summary>Why a JSON body is refused, or <c>null</c>: not JSON at all, or a member named twice in one object (case ignored).</summary>
    public static PortalError? Check(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return null;
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 64 });
        var open = new Stack<Container>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = open.TryPeek(out var parent) ? parent.Child() : "";
                        open.Push(new Container(path, reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var container = open.Peek();
                        var name = reader.GetString()!;
                        if (!container.Names.Add(name))
                        {
                            var field = container.Path.Length == 0 ? name : $"{container.Path}.{name}";
                            return new PortalError(ErrorCodes.InvalidRequest, ApiMessages.Format("DuplicateMember", NameRulesQuote(field)), field);
                        }
                        container.Member = name;
                        break;
                    default:
                        if (open.TryPeek(out var holder)) holder.Child();
                        break;
                }
            }
            return null;
        }
        catch (JsonException e)
        {
            var reason = JsonReason.Of(e);
            // Where it broke: the member being read, as the field, so a client sees which value to fix.
            var field = open.TryPeek(out var at) && at.Member is { } member ? (at.Path.Length == 0 ? member : $"{at.Path}.{member}") : "body";
            return new PortalError(ErrorCodes.InvalidRequest, ApiMessages.Format("BodyNotJson", NameRulesQuote(field), reason), field);
        }
    }

    private static string NameRulesQuote(string text) => Core.Catalogue.NameRules.Quote(text);

    /// <summary>An object or array being read: its path (<c>network.endpoints[0]</c>), its members so far, its next index.</summary>
    private sealed class Container(string path, bool isArray)
    {
        private int _index;

        public string Path { get; } = path;
        public HashSet<string> Names { get; } = new(StringComparer.OrdinalIgnoreCase);
        public string? Member { get; set; }

        /// <summary>The path of the value that starts now inside this container.</summary>
        public string Child() => isArray ? $"{Path}[{_index++}]" : Path.Length == 0 ? Member ?? "" : $"{Path}.{Member}";
    }

    private static bool IsJson(string? contentType) => contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
