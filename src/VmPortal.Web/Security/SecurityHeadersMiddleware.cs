using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace VmPortal.Web.Security;

/// <summary>
/// Headers on every answer. The CSP fits Blazor Server and MudBlazor: scripts only from the portal itself (Blazor Server
/// needs no <c>'unsafe-eval'</c>) plus the one inline script Blazor writes, its import map, which carries this request's
/// nonce (<see cref="NonceOf"/>); inline styles because MudBlazor writes them; the circuit's WebSocket back to the portal;
/// and no framing at all. The Scalar API reference ships an inline bootstrap script, so only its page allows inline ones.
/// The headers are added as the response starts, so an answer that was cleared and rewritten on the way out — a refusal,
/// a 404, an error page — carries them too.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private static readonly CompositeFormat Policy = CompositeFormat.Parse(
        "default-src 'self'; script-src 'self'{0}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'");

    private const string NonceKey = "vmportal:csp-nonce";
    private static readonly string ApiReference = string.Format(CultureInfo.InvariantCulture, Policy, " 'unsafe-inline'");

    /// <summary>The nonce this request's CSP allows inline scripts with (Blazor's import map).</summary>
    public static string? NonceOf(HttpContext context) => context.Items[NonceKey] as string;

    public Task InvokeAsync(HttpContext context)
    {
        var policy = ApiReference;
        if (!context.Request.Path.StartsWithSegments("/scalar"))
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            context.Items[NonceKey] = nonce;
            policy = string.Format(CultureInfo.InvariantCulture, Policy, $" 'nonce-{nonce}'");
        }
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        return next(context);
    }

    /// <summary>Puts the middleware at the very start of the pipeline, outside even the framework's host filtering.</summary>
    internal sealed class First : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseMiddleware<SecurityHeadersMiddleware>();
            next(app);
        };
    }
}
