using Microsoft.AspNetCore.Http.Features;
using VmPortal.Core;

namespace VmPortal.Web.Api;

/// <summary>
/// A path as the client sent it may hold a <c>.</c> or <c>..</c> segment (<c>…/vms/..</c>, or <c>%2E%2E</c>). The server
/// resolves those away before any route is chosen, so the request would reach another resource than the one it names —
/// <c>DELETE …/vms/..</c> would become a delete of the cloud service. No name is <c>.</c> or <c>..</c>: such a request is
/// refused as <c>InvalidName</c> before anything runs, on the REST API (problem details) as on the ASM endpoint (its XML).
/// </summary>
internal sealed class DotSegmentGuard(RequestDelegate next, Func<PortalError, IResult> answer)
{
    /// <summary>The refusal, in the request's language.</summary>
    public static PortalError Refusal => new(ErrorCodes.InvalidName, ApiMessages.Get("DotSegment"), "path");

    public async Task InvokeAsync(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var path = raw.Split('?', 2)[0];
        if (path.Split('/').Select(Uri.UnescapeDataString).Any(segment => segment is "." or ".."))
        {
            await answer(Refusal).ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}
