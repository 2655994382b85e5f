using VmPortal.Core;

namespace VmPortal.Web.Components.Pages.Admin;

/// <summary>The words of the admin pages (users, audit, storage health); static helpers read them through <c>Get</c>.</summary>
public sealed class AdminText : ResourceText<AdminText>
{
    /// <summary>A role's name in words (Reader → 读者); the role itself stays the code.</summary>
    public static string Role(string role) => Find("Role_" + role) ?? role;
}
