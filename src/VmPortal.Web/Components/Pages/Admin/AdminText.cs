using System.Globalization;
using System.Resources;

namespace VmPortal.Web.Components.Pages.Admin;

/// <summary>The words of the admin pages (users, audit, storage health); static helpers read them through <see cref="Get"/>.</summary>
public sealed class AdminText
{
    private static readonly ResourceManager Resources = new(typeof(AdminText));

    public static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>A role's name in words (Reader → 读者); the role itself stays the code.</summary>
    public static string Role(string role) => Resources.GetString("Role_" + role, CultureInfo.CurrentUICulture) ?? role;
}
