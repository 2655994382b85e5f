using Microsoft.AspNetCore.Mvc;
using VmPortal.Web.Components.Account.Pages;
using VmPortal.Web.Components.Layout;

namespace VmPortal.Web.Localization;

public static class CultureEndpoints
{
    /// <summary>
    /// <c>POST /culture</c>: the language switch. A form post (antiforgery checked), because a circuit keeps the culture it
    /// started with and cannot write a cookie: the page reloads in the new language. A signed-in user's choice is kept with
    /// their account as well, and comes back at their next sign-in on any browser.
    /// </summary>
    public static IEndpointRouteBuilder MapCultureSwitch(this IEndpointRouteBuilder app)
    {
        app.MapPost("/culture", async (HttpContext http, AccountPreferences preferences,
            [FromForm(Name = "culture")] string? culture, [FromForm(Name = "returnUrl")] string? returnUrl) =>
        {
            if (culture is not (PortalCultures.English or PortalCultures.Chinese))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown language",
                    detail: $"The portal speaks {PortalCultures.English} and {PortalCultures.Chinese}.");
            CultureCookie.Write(http.Response, culture);
            await preferences.SaveAsync(http.User, CultureCookie.ProfileClaimType, culture);
            return Results.LocalRedirect(Login.LocalUrl(returnUrl));
        }).AllowAnonymous();
        return app;
    }
}
