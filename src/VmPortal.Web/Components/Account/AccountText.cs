using System.Globalization;
using System.Resources;

namespace VmPortal.Web.Components.Account;

/// <summary>
/// The words of the sign-in and password pages (AccountText.resx). The static properties serve the forms' validation
/// attributes (<c>ErrorMessageResourceType</c>), which read a message by property name in the request's language.
/// </summary>
public sealed class AccountText
{
    private static readonly ResourceManager Resources = new(typeof(AccountText));

    public static string EnterUserName => Get(nameof(EnterUserName));
    public static string EnterPassword => Get(nameof(EnterPassword));
    public static string EnterCurrentPassword => Get(nameof(EnterCurrentPassword));
    public static string EnterNewPassword => Get(nameof(EnterNewPassword));
    public static string PasswordLength => Get(nameof(PasswordLength));
    public static string PasswordsDiffer => Get(nameof(PasswordsDiffer));

    private static string Get(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>The text of <paramref name="key"/> in the current culture, or null when the resource has none.</summary>
    public static string? Describe(string key) => Resources.GetString(key, CultureInfo.CurrentUICulture);
}
