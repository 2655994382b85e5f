using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using VmPortal.Core.Security;

namespace VmPortal.Web.Security;

/// <summary>
/// The authorization policies: <c>api:Reader</c>, <c>api:Operator</c>, <c>api:Admin</c> accept only bearer tokens (so a
/// browser's cookie can never be ridden across sites into the API); the pages' fallback needs a signed-in cookie user.
/// </summary>
public static class PortalPolicies
{
    public const string TokenScheme = "PortalToken";
    /// <summary>Forwards to the token scheme under <c>/api</c> and to Identity's cookie everywhere else.</summary>
    public const string PortalScheme = "Portal";

    /// <summary>For <c>AuthorizeView Roles=…</c>: the roles that may run VM, disk and image actions.</summary>
    public const string Operators = $"{PortalRoles.Operator},{PortalRoles.Admin}";
    public const string Admins = PortalRoles.Admin;

    public static string ApiPolicy(string role) => $"api:{role}";

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var role in PortalRoles.All)
        {
            options.AddPolicy(ApiPolicy(role), p => p.AddAuthenticationSchemes(TokenScheme).RequireAuthenticatedUser()
                .RequireRole(PortalRoles.AtLeast(role)));
            options.AddPolicy(role, p => p.AddAuthenticationSchemes(IdentityConstants.ApplicationScheme).RequireAuthenticatedUser()
                .RequireRole(PortalRoles.AtLeast(role)));
        }
        // Everything without its own rule — every page, the Blazor hub, OpenAPI — needs a signed-in user.
        options.FallbackPolicy = new AuthorizationPolicyBuilder(PortalScheme).RequireAuthenticatedUser().Build();
    }
}
