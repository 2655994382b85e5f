namespace VmPortal.Web.Security;

/// <summary>
/// Headers on every answer. The CSP fits Blazor Server and MudBlazor: scripts only from the portal itself (Blazor Server
/// needs no <c>'unsafe-eval'</c>), inline styles because MudBlazor writes them, the circuit's WebSocket back to the portal,
/// and no framing at all. The Scalar API reference ships an inline bootstrap script, so only its page allows one.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string Policy =
        "default-src 'self'; script-src 'self'{0}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private static readonly string Strict = string.Format(Policy, "");
    private static readonly string ApiReference = string.Format(Policy, " 'unsafe-inline'");

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/scalar") ? ApiReference : Strict;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        return next(context);
    }
}
