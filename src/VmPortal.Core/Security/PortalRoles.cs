using System.Security.Claims;

namespace VmPortal.Core.Security;

/// <summary>
/// API.md "Security": each role includes the ones before it. <see cref="Reader"/> reads everything,
/// <see cref="Operator"/> also runs every VM, disk and image action, <see cref="Admin"/> also manages users,
/// tokens of others, storage accounts and networks. A user holds one role.
/// </summary>
public static class PortalRoles
{
    public const string Reader = nameof(Reader);
    public const string Operator = nameof(Operator);
    public const string Admin = nameof(Admin);

    public static readonly IReadOnlyList<string> All = [Reader, Operator, Admin];

    /// <summary>The roles that satisfy <paramref name="role"/>: that one and every higher one.</summary>
    public static string[] AtLeast(string role) => All.Skip(Rank(role)).ToArray();

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);

    private static int Rank(string role) => All.ToList().IndexOf(role) is var i and >= 0
        ? i : throw new ArgumentOutOfRangeException(nameof(role), role, "Not a portal role.");

    /// <summary>Whether <paramref name="user"/> holds <paramref name="role"/> or a higher one.</summary>
    public static bool Has(this ClaimsPrincipal? user, string role) =>
        user?.Identity?.IsAuthenticated == true && AtLeast(role).Any(user.IsInRole);

    /// <summary>The highest role <paramref name="user"/> holds, if any.</summary>
    public static string? RoleOf(ClaimsPrincipal? user) => All.LastOrDefault(r => user?.IsInRole(r) == true);
}
