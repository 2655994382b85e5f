using System.Globalization;
using Microsoft.AspNetCore.Identity;

using VmPortal.Web.Localization;

namespace VmPortal.Web.Components.Account;

/// <summary>
/// ASP.NET Identity's refusals (a password too weak, a wrong current password, a taken user name) in the user's language;
/// English keeps Identity's own words.
/// </summary>
public sealed class AccountIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => Say(base.PasswordTooShort(length), length);
    public override IdentityError PasswordRequiresNonAlphanumeric() => Say(base.PasswordRequiresNonAlphanumeric());
    public override IdentityError PasswordRequiresDigit() => Say(base.PasswordRequiresDigit());
    public override IdentityError PasswordRequiresLower() => Say(base.PasswordRequiresLower());
    public override IdentityError PasswordRequiresUpper() => Say(base.PasswordRequiresUpper());
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Say(base.PasswordRequiresUniqueChars(uniqueChars), uniqueChars);
    public override IdentityError PasswordMismatch() => Say(base.PasswordMismatch());
    public override IdentityError DuplicateUserName(string userName) => Say(base.DuplicateUserName(userName), userName);
    public override IdentityError InvalidUserName(string? userName) => Say(base.InvalidUserName(userName), userName ?? "");
    public override IdentityError DefaultError() => Say(base.DefaultError());

    /// <summary>The same error (its code unchanged) with the description of the current culture.</summary>
    private static IdentityError Say(IdentityError error, params object[] arguments)
    {
        if (PortalCultures.ReadsEnglish) return error;
        var text = AccountText.Find("Identity_" + error.Code);
        return text is null ? error : new IdentityError { Code = error.Code, Description = string.Format(CultureInfo.CurrentCulture, text, arguments) };
    }
}
