using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using VmPortal.Core;

namespace VmPortal.Web.Asm;

/// <summary>
/// The ASM protocol around every call under <c>/asm</c> (ASM.md §1): an <c>x-ms-request-id</c> on every answer (a call
/// that queued an operation has already set it to the operation's id), the <c>x-ms-version</c> check before anything
/// else, and XML <c>&lt;Error&gt;</c> bodies for every refusal — unreadable requests, no route, wrong method, sign-in and
/// role refusals, unhandled exceptions — never the portal's HTML pages or a redirect to its sign-in page, which the
/// classic client would follow and read as an empty result.
/// </summary>
internal sealed class AsmProtocolMiddleware(RequestDelegate next, ILogger<AsmProtocolMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
        context.Response.OnStarting(() =>
        {
            if (!context.Response.Headers.ContainsKey(AsmResults.RequestIdHeader))
                context.Response.Headers[AsmResults.RequestIdHeader] = Guid.NewGuid().ToString();
            return Task.CompletedTask;
        });

        if (AsmVersion.Check(context.Request) is { } versionRefused)
        {
            await versionRefused.ExecuteAsync(context);
            return;
        }
        try
        {
            await next(context);
        }
        catch (AsmRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, AsmError.BadRequest(e.Message));
            return;
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, AsmError.Of(e.StatusCode, ErrorCodes.ValidationFailed, $"The request could not be read: {e.Message}"));
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            logger.LogError(e, "{Method} {Path} failed (trace {TraceId})", context.Request.Method, context.Request.Path, traceId);
            await WriteAsync(context, AsmError.Of(StatusCodes.Status500InternalServerError, ErrorCodes.InternalError,
                $"The portal failed unexpectedly while handling {context.Request.Method} {context.Request.Path}; the error is logged with trace id {traceId}."));
            return;
        }

        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && string.IsNullOrEmpty(context.Response.ContentType))
            await WriteAsync(context, BodilessRefusal(context));
    }

    /// <summary>The error for a refusal the framework answered without a body (no route, wrong method, sign-in, role).</summary>
    private static AsmError BodilessRefusal(HttpContext context)
    {
        var request = $"{context.Request.Method} {context.Request.Path}";
        var status = context.Response.StatusCode;
        return status switch
        {
            StatusCodes.Status404NotFound => AsmError.NotFound(
                $"No ASM call matches {request}; the portal answers the calls ASM.md lists (VM images, hosted services, roles, operations)."),
            StatusCodes.Status401Unauthorized => AsmError.Of(status, ErrorCodes.Unauthenticated,
                "Sign in first: send Authorization: Bearer <token> with a portal token (TokenCloudCredentials)."),
            StatusCodes.Status403Forbidden => AsmError.Of(status, ErrorCodes.Forbidden,
                $"Your role may not {request}; changes need the Operator role."),
            StatusCodes.Status405MethodNotAllowed => AsmError.Of(status, ErrorCodes.ValidationFailed,
                $"{context.Request.Path} does not accept {context.Request.Method}{Allowed(context)}."),
            _ => AsmError.Of(status, ErrorCodes.ValidationFailed, $"{request} was refused."),
        };
    }

    private static string Allowed(HttpContext context) =>
        context.Response.Headers.Allow.ToString() is { Length: > 0 } allowed ? $"; it accepts {allowed}" : "";

    private static Task WriteAsync(HttpContext context, AsmError error)
    {
        var allow = context.Response.Headers.Allow;
        context.Response.Clear();
        if (allow.Count > 0) context.Response.Headers.Allow = allow;
        return error.ExecuteAsync(context);
    }
}
