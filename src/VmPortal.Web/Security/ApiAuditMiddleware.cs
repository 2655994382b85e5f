using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;

namespace VmPortal.Web.Security;

/// <summary>
/// The audit of every API call that may change something (any method but GET/HEAD/OPTIONS): caller, action, resource,
/// client address, outcome and the refusal's code, and the JSON (REST) or XML (ASM) body with every secret replaced by
/// <c>***</c>. An accepted change is recorded by the service that makes it, in the change's own transaction, with the
/// request's <see cref="Actor"/> (<see cref="HttpActor"/>): if the entry cannot be written the change is not made. This
/// middleware records what no service did — every refusal (nothing changed, so nothing can disagree with it), including
/// those by authentication (401), authorization (403), the rate limit (429) and unreadable requests, and the few accepted
/// calls that change no catalogue row (a sign-in, a capture preview).
/// </summary>
internal sealed class ApiAuditMiddleware(RequestDelegate next, AuditLog audit, ILogger<ApiAuditMiddleware> logger)
{
    private const int MaxBodyToRead = 64 * 1024;
    private const string CodeKey = "vmportal:audit-code";
    private const string UserKey = "vmportal:audit-user";
    private const string ActionKey = "vmportal:audit-action";

    public async Task InvokeAsync(HttpContext context)
    {
        if (ApiAccess.IsRead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var body = await ReadBodyAsync(context.Request);
        context.SetAuditDetail(Redact(context.Request.ContentType, body));
        try
        {
            await next(context);
        }
        finally
        {
            await RecordAsync(context);
        }
    }

    /// <summary>Names the person a sign-in attempt claims to be, for a request that has no signed-in user yet.</summary>
    public static void AttributeTo(HttpContext context, string? userName) => context.Items[UserKey] = userName;

    /// <summary>The person a sign-in attempt claims to be (<see cref="AttributeTo"/>), if any.</summary>
    internal static string? AttributedUser(HttpContext context) => context.Items[UserKey] as string;

    /// <summary>The endpoint filter that notes the stable code of a refusal a route answered.</summary>
    public static async ValueTask<object?> NoteRefusalCode(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        if (result is ProblemHttpResult { ProblemDetails.Extensions: var members } && members.TryGetValue("code", out var code))
            NoteRefusal(context.HttpContext, code?.ToString());
        return result;
    }

    /// <summary>Names the action of a call whose route serves several (an ASM role operation is told apart by its body).</summary>
    public static void NoteAction(HttpContext context, string action) => context.Items[ActionKey] = action;

    /// <summary>Notes the stable code of a refusal answered in another shape than problem details (the ASM endpoint's XML).</summary>
    public static void NoteRefusal(HttpContext context, string? code) => context.Items[CodeKey] = code;

    private async Task RecordAsync(HttpContext context)
    {
        try
        {
            var status = context.Response.StatusCode;
            var refused = status >= 400;
            if (!refused && context.ActorIfAny() is { Recorded: true }) return;
            var code = refused ? context.Items[CodeKey] as string ?? CodeOf(status) : null;
            var user = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : context.Items[UserKey] as string;
            await audit.WriteAsync(user, ActionOf(context), context.Request.Path.Value,
                context.Connection.RemoteIpAddress?.ToString(), refused ? AuditOutcome.Refused : AuditOutcome.Accepted, code,
                context.AuditDetail(), CancellationToken.None);
        }
        catch (Exception e)
        {
            // The answer is out; a failed audit write must be loud in the log, but cannot undo it.
            logger.LogError(e, "The audit entry for {Method} {Path} could not be written", context.Request.Method, context.Request.Path);
        }
    }

    /// <summary>
    /// The route's name, which every changing route takes from <see cref="AuditActions"/>, so the API and the pages name an
    /// action alike (or the action it is <see cref="AuditedAs"/>, or one its handler noted); a request no route matched, or
    /// refused before its handler could tell, is named by its method and path.
    /// </summary>
    private static string ActionOf(HttpContext context) =>
        context.Items[ActionKey] as string
        ?? context.GetEndpoint()?.Metadata.GetMetadata<AuditedAs>()?.Action
        ?? context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        ?? $"{context.Request.Method} {context.Request.Path.Value}";

    private static string? Redact(string? contentType, string? body) =>
        IsXml(contentType) ? Secrets.RedactXml(body) : Secrets.Redact(body);

    private static bool IsJson(string? contentType) => contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsXml(string? contentType) => contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 or > MaxBodyToRead) return null;
        if (!IsJson(request.ContentType) && !IsXml(request.ContentType)) return null;
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var buffer = new char[MaxBodyToRead];
        var read = await reader.ReadBlockAsync(buffer, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return new string(buffer, 0, read);
    }

    private static string CodeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthenticated,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.NotFound,
        StatusCodes.Status429TooManyRequests => ErrorCodes.TooManyRequests,
        >= 500 => ErrorCodes.InternalError,
        _ => ErrorCodes.ValidationFailed,
    };
}
