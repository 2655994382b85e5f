using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using VmPortal.Core;
using VmPortal.Core.Catalogue;
using VmPortal.Core.Security;
using VmPortal.Web.Api;

namespace VmPortal.Web.Security;

/// <summary>
/// Sign-in and everything around it, wired once: Identity's cookie for the pages, bearer tokens for the API (one policy
/// scheme picks by path), role policies, the token endpoint's rate limit, security headers, HTTPS when configured.
/// </summary>
public static class PortalSecurity
{
    public const string TokenRateLimitPolicy = "token";

    public static IServiceCollection AddPortalSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var requireHttps = configuration.GetValue("Portal:RequireHttps", false);
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = PortalPolicies.PortalScheme;
                o.DefaultChallengeScheme = PortalPolicies.PortalScheme;
            })
            // The APIs (REST and ASM) take only tokens; elsewhere (pages, the OpenAPI document) a request that brings a token uses it.
            .AddPolicyScheme(PortalPolicies.PortalScheme, "Cookie for pages, bearer token for the API", o =>
                o.ForwardDefaultSelector = c => c.Request.Path.StartsWithSegments(PortalApi.Prefix)
                    || c.Request.Path.StartsWithSegments(Asm.AsmEndpoint.Prefix)
                    || c.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? PortalPolicies.TokenScheme : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(PortalPolicies.TokenScheme, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Cookie.Name = "VmPortal.Auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            // Redirects name a path, never a host: the request's Host header is never reflected into a Location.
            // Every request the cookie makes is checked against its server-side session (BrowserSessions), not a minute later.
            o.Events.OnValidatePrincipal = ValidateSessionAsync;
            o.Events.OnRedirectToLogin = c => RedirectLocally(c.Response, c.RedirectUri, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => RedirectLocally(c.Response, c.RedirectUri, StatusCodes.Status403Forbidden);
            o.Events.OnRedirectToLogout = c => RedirectLocally(c.Response, c.RedirectUri, null);
            o.Events.OnRedirectToReturnUrl = c => RedirectLocally(c.Response, c.RedirectUri, null);
        });
        new IdentityBuilder(typeof(IdentityUser), typeof(IdentityRole), services).AddSignInManager();
        services.AddAuthorization(PortalPolicies.Configure);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<PortalUser>();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = requireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest);

        var permits = configuration.GetValue("Portal:TokenRateLimit", 10);
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(TokenRateLimitPolicy, c => RateLimitPartition.GetFixedWindowLimiter(
                c.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(ApiProblems.For(new PortalError(ErrorCodes.TooManyRequests, Api.ApiMessages.Format("TooManyTokenRequests", permits)))
                    .ExecuteAsync(context.HttpContext));
            };
        });
        if (requireHttps) services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        // First of all, ahead of the framework's own host filtering: even its 400 for a Host not allowed carries the headers.
        services.Insert(0, ServiceDescriptor.Transient<IStartupFilter, SecurityHeadersMiddleware.First>());
        return services;
    }

    /// <summary>A cookie whose session ended (signed out, locked, demoted, deleted) is refused and cleared.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var sessions = context.HttpContext.RequestServices.GetRequiredService<BrowserSessions>();
        if ((await sessions.CheckAsync(context.Principal!, context.HttpContext.RequestAborted)).IsValid) return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }

    /// <summary>
    /// The cookie handler's redirect as a path on this portal (an absolute URI would repeat the request's Host). A script's
    /// request (<c>X-Requested-With</c>) gets <paramref name="scriptStatus"/> with the Location instead, as the framework does.
    /// </summary>
    private static Task RedirectLocally(HttpResponse response, string redirectUri, int? scriptStatus)
    {
        var local = Uri.TryCreate(redirectUri, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : redirectUri;
        if (scriptStatus is { } status && response.HttpContext.Request.Headers.XRequestedWith == "XMLHttpRequest")
        {
            response.Headers.Location = local;
            response.StatusCode = status;
        }
        else response.Redirect(local);
        return Task.CompletedTask;
    }

    /// <summary>
    /// HTTPS (when <c>Portal:RequireHttps</c>): early in the pipeline. The security headers come before everything
    /// (<see cref="SecurityHeadersMiddleware.First"/>).
    /// </summary>
    public static WebApplication UsePortalSecurityHeaders(this WebApplication app)
    {
        if (app.Configuration.GetValue("Portal:RequireHttps", false))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        return app;
    }

    /// <summary>Who the caller is and what they may do: after the API's error handling, before the endpoints.</summary>
    public static WebApplication UsePortalSignIn(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseMiddleware<PasswordChangeGate>();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary><c>POST /account/logout</c>: a form post (antiforgery checked), since a circuit cannot clear a cookie.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<IdentityUser> signIn, BrowserSessions sessions, AuditLog audit,
            [FromForm(Name = "returnUrl")] string? _) =>
        {
            var name = http.User.Identity?.Name;
            // The session ends on the server: a copy of this cookie made before now stops working too.
            await sessions.EndAsync(http.User, http.RequestAborted);
            await signIn.SignOutAsync();
            await audit.WriteAsync(name, AuditActions.SignOut, $"users/{name}", http.Connection.RemoteIpAddress?.ToString(), AuditOutcome.Accepted);
            return TypedResults.LocalRedirect("~/account/login");
        });
        return app;
    }
}
