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
                ApiMessages.Format("InternalError", context.Request.Method, context.Request.Path, traceId)),
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
                new PortalError(ErrorCodes.NotFound, ApiMessages.Format("NoRoute", request)),
            StatusCodes.Status404NotFound => new PortalError(ErrorCodes.NotFound, ApiMessages.Format("FoundNothing", request)),
            StatusCodes.Status401Unauthorized => new PortalError(ErrorCodes.Unauthenticated, ApiMessages.Get("SignInFirst")),
            StatusCodes.Status403Forbidden => new PortalError(ErrorCodes.Forbidden, ApiMessages.Format("RoleMayNot", request)),
            StatusCodes.Status405MethodNotAllowed => new PortalError(ErrorCodes.ValidationFailed, allowed.Length > 0
                ? ApiMessages.Format("MethodNotAllowedAccepts", context.Request.Path, context.Request.Method, allowed)
                : ApiMessages.Format("MethodNotAllowed", context.Request.Path, context.Request.Method)),
            StatusCodes.Status415UnsupportedMediaType => ApiProblems.UnsupportedMediaType,
            _ when context.Response.ContentLength is 0 or null => new PortalError(ErrorCodes.ValidationFailed, ApiMessages.Format("RequestRefused", request)),
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
