using Microsoft.AspNetCore.Localization;

namespace VmPortal.Web.Localization;

/// <summary>
/// The first visit follows the browser's <c>Accept-Language</c>, best quality first, with every Chinese tag of the simplified
/// script mapped to 简体中文 (ASP.NET's own provider would miss <c>zh</c> and <c>zh-Hans</c>, which are not <c>zh-CN</c>).
/// </summary>
public sealed class AcceptLanguageCultureProvider : RequestCultureProvider
{
    public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        var header = httpContext.Request.GetTypedHeaders().AcceptLanguage;
        var culture = header
            .Where(h => h.Quality is not 0)
            .OrderByDescending(h => h.Quality ?? 1)
            .Select(h => PortalCultures.Map(h.Value.Value))
            .FirstOrDefault(c => c is not null);
        return Task.FromResult(culture is null ? null : new ProviderCultureResult(culture));
    }
}
