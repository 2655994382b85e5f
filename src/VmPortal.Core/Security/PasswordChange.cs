using System.Security.Claims;

namespace VmPortal.Core.Security;

/// <summary>
/// A password an Admin set (a new user's, or a reset) is known to two people: its owner must choose their own at the first
/// sign-in before anything else. Kept as an Identity user claim, so it rides in the sign-in cookie and needs no new column.
/// </summary>
public static class PasswordChange
{
    public const string ClaimType = "vmportal:password-change-required";

    public static Claim Required => new(ClaimType, "true");

    public static bool IsRequired(ClaimsPrincipal user) => user.HasClaim(c => c.Type == ClaimType);
}
