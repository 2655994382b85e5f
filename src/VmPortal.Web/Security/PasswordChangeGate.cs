using Microsoft.AspNetCore.Components.Endpoints;
using VmPortal.Core.Security;
using VmPortal.Web.Components.Account.Pages;

namespace VmPortal.Web.Security;

/// <summary>
/// Until a user whose password an Admin set has chosen their own (<see cref="PasswordChange"/>), every page leads to the
/// change-password page and the API answers 403; signing out, static files and that page itself stay open.
/// </summary>
public sealed class PasswordChangeGate(RequestDelegate next)
{
    public const string Path = "/account/password";

    public Task InvokeAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated != true || !PasswordChange.IsRequired(http.User)) return next(http);
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is { } page)
        {
            if (page.Type == typeof(ChangePassword) || page.Type == typeof(AccessDenied)) return next(http);
            http.Response.Redirect($"{Path}?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
            return Task.CompletedTask;
        }
        if (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/_blazor"))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }
        return next(http);
    }
}
