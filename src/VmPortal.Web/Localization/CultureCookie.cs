using Microsoft.AspNetCore.Localization;

namespace VmPortal.Web.Localization;

/// <summary>The browser's memory of the language chosen: ASP.NET's culture cookie, which the request localization reads first.</summary>
public static class CultureCookie
{
    public const string ProfileClaimType = "vmportal:culture";

    public static void Write(HttpResponse response, string culture) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                IsEssential = true,
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                Secure = response.HttpContext.Request.IsHttps,
                Path = "/",
            });
}
