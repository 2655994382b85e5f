using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace VmPortal.Web.Components.Layout;

/// <summary>
/// A signed-in user's choices (theme, language), kept with their account as Identity user claims (no new column), so they
/// follow the user to another browser or machine.
/// </summary>
public sealed class AccountPreferences(IServiceScopeFactory scopes)
{
    /// <summary>The user's value for a choice, or null when they have not chosen (or are not signed in).</summary>
    public async Task<string?> ReadAsync(ClaimsPrincipal principal, string type)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        return await users.GetUserAsync(principal) is { } user ? await ReadAsync(users, user, type) : null;
    }

    public static async Task<string?> ReadAsync(UserManager<IdentityUser> users, IdentityUser user, string type) =>
        (await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == type)?.Value;

    public async Task SaveAsync(ClaimsPrincipal principal, string type, string value)
    {
        if (principal.Identity?.IsAuthenticated != true) return;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        if (await users.GetUserAsync(principal) is not { } user) return;
        var old = (await users.GetClaimsAsync(user)).Where(c => c.Type == type).ToList();
        if (old.Count > 0) await users.RemoveClaimsAsync(user, old);
        await users.AddClaimAsync(user, new Claim(type, value));
    }
}
