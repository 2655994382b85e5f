using Microsoft.AspNetCore.Localization;
using MudBlazor;

namespace VmPortal.Web.Localization;

public static class PortalLocalization
{
    /// <summary>.resx resources beside each feature folder's marker class, and MudBlazor's own strings through <see cref="PortalMudLocalizer"/>.</summary>
    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddTransient<MudLocalizer, PortalMudLocalizer>();
        return services;
    }

    /// <summary>
    /// Each request's language: the culture cookie (the user's choice, written by the switch and at sign-in from their
    /// account), else the browser's <c>Accept-Language</c>, else English. A circuit keeps the language of the page that
    /// started it.
    /// </summary>
    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        var options = new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(PortalCultures.English),
            SupportedCultures = PortalCultures.Supported,
            SupportedUICultures = PortalCultures.Supported,
            ApplyCurrentCultureToResponseHeaders = true,
        };
        options.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageCultureProvider()];
        app.UseRequestLocalization(options);
        return app;
    }
}
