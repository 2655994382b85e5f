using VmPortal.Core;

namespace VmPortal.Web.Components.Account;

/// <summary>
/// The words of the sign-in and password pages (AccountText.resx). The static properties serve the forms' validation
/// attributes (<c>ErrorMessageResourceType</c>), which read a message by property name in the request's language.
/// </summary>
public sealed class AccountText : ResourceText<AccountText>
{
    public static string EnterUserName => Get(nameof(EnterUserName));
    public static string EnterPassword => Get(nameof(EnterPassword));
    public static string EnterCurrentPassword => Get(nameof(EnterCurrentPassword));
    public static string EnterNewPassword => Get(nameof(EnterNewPassword));
    public static string PasswordLength => Get(nameof(PasswordLength));
    public static string PasswordsDiffer => Get(nameof(PasswordsDiffer));
}
