using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using VmPortal.Core;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

/// <summary>
/// Everything under <c>/api</c> answers problem details, also when no endpoint answered: unreadable requests (400),
/// unknown routes (404), wrong methods (405) and unhandled exceptions (500, logged, without a stack trace).
/// The portal's HTML status pages stay for its pages.
/// </summary>
internal sealed class ApiErrorMiddleware(RequestDelegate next, ILogger<ApiErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<IStatusCodePagesFeature>() is { } statusPages) statusPages.Enabled = false;
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ApiProblems.FromBadRequest(e), e.StatusCode);
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
            logger.LogError(e, "{Method} {Path} failed (trace {TraceId})", context.Request.Method, context.Request.Path, traceId);
            await WriteAsync(context, new PortalError(ErrorCodes.InternalError,
                $"The portal failed unexpectedly while handling {context.Request.Method} {context.Request.Path}; the error is logged with trace id {traceId}."),
                StatusCodes.Status500InternalServerError);
            return;
        }

        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && BodilessRefusal(context) is { } refusal)
            await WriteAsync(context, refusal, context.Response.StatusCode);
    }

    /// <summary>The problem for a refusal the framework answered without a body (no route, wrong method, wrong content type).</summary>
    private static PortalError? BodilessRefusal(HttpContext context)
    {
        var request = $"{context.Request.Method} {context.Request.Path}";
        var allowed = context.Response.Headers.Allow.ToString();
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound when context.GetEndpoint() is null =>
                new PortalError(ErrorCodes.NotFound, $"No API route matches {request}; /openapi/v1.json lists the routes."),
            StatusCodes.Status404NotFound => new PortalError(ErrorCodes.NotFound, $"{request} found nothing."),
            StatusCodes.Status401Unauthorized => new PortalError(ErrorCodes.Unauthenticated, "Sign in first: send Authorization: Bearer <token>."),
            StatusCodes.Status403Forbidden => new PortalError(ErrorCodes.Forbidden, $"Your role may not {request}."),
            StatusCodes.Status405MethodNotAllowed => new PortalError(ErrorCodes.ValidationFailed,
                $"{context.Request.Path} does not accept {context.Request.Method}{(allowed.Length > 0 ? $"; it accepts {allowed}" : "")}."),
            StatusCodes.Status415UnsupportedMediaType => ApiProblems.UnsupportedMediaType,
            _ when context.Response.ContentLength is 0 or null => new PortalError(ErrorCodes.ValidationFailed, $"{request} was refused."),
            _ => null,
        };
    }

    /// <summary>
    /// Replaces whatever the response held with the problem; the audit records its code. The security headers survive the
    /// clearing: they are added as the response starts (<see cref="Security.SecurityHeadersMiddleware"/>).
    /// </summary>
    private static Task WriteAsync(HttpContext context, PortalError error, int? status)
    {
        context.Response.Clear();
        ApiAuditMiddleware.NoteRefusal(context, error.Code);
        return ApiProblems.For(error, status).ExecuteAsync(context);
    }
}
