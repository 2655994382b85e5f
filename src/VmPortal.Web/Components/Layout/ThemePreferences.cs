using System.Security.Claims;

namespace VmPortal.Web.Components.Layout;

/// <summary>
/// A signed-in user's light or dark choice, kept with their account (<see cref="AccountPreferences"/>); the browser's own
/// memory serves the sign-in page and users not signed in.
/// </summary>
public sealed class ThemePreferences(AccountPreferences preferences)
{
    public const string ClaimType = "vmportal:theme";

    /// <summary>True for dark, false for light, null when the user has not chosen (or is not signed in).</summary>
    public async Task<bool?> ReadAsync(ClaimsPrincipal principal) => await preferences.ReadAsync(principal, ClaimType) switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };

    public Task SaveAsync(ClaimsPrincipal principal, bool dark) => preferences.SaveAsync(principal, ClaimType, dark ? "dark" : "light");
}
