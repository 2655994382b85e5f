using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace VmPortal.Web.Components.Layout;

/// <summary>
/// A signed-in user's light or dark choice, kept with their account (an Identity user claim, no new column) so it follows
/// them to another browser or machine; the browser's own memory serves the sign-in page and users not signed in.
/// </summary>
public sealed class ThemePreferences(IServiceScopeFactory scopes)
{
    public const string ClaimType = "vmportal:theme";

    /// <summary>True for dark, false for light, null when the user has not chosen (or is not signed in).</summary>
    public async Task<bool?> ReadAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await FindAsync(users, principal) is not { } user) return null;
        return (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == ClaimType)?.Value switch
        {
            "dark" => true,
            "light" => false,
            _ => null,
        };
    }

    public async Task SaveAsync(ClaimsPrincipal principal, bool dark)
    {
        if (principal.Identity?.IsAuthenticated != true) return;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await FindAsync(users, principal) is not { } user) return;
        var old = (await users.GetClaimsAsync(user)).Where(c => c.Type == ClaimType).ToList();
        if (old.Count > 0) await users.RemoveClaimsAsync(user, old);
        await users.AddClaimAsync(user, new Claim(ClaimType, dark ? "dark" : "light"));
    }

    private static Task<IdentityUser?> FindAsync(UserManager<IdentityUser> users, ClaimsPrincipal principal) => users.GetUserAsync(principal);
}
