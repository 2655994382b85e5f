using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MudBlazor.Services;
using VmPortal.Core;
using VmPortal.Core.Hosting;
using VmPortal.Core.Storage;
using VmPortal.Web.Api;
using VmPortal.Web.Asm;
using VmPortal.Web.Components;
using VmPortal.Web.Components.Pages.VirtualMachines;
using VmPortal.Web.Localization;
using VmPortal.Web.Security;
using VmPortal.Web.Uploads;

namespace VmPortal.Web;

public static class PortalWebExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddPortalCore(builder.Configuration, Path.Combine(builder.Environment.ContentRootPath, "data"));
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddPortalApi();
        builder.Services.AddPortalSecurity(builder.Configuration);
        builder.Services.AddPortalProxies(builder.Configuration);
        builder.Services.AddPortalPages();
        // Nothing says which server answers.
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        return builder;
    }

    /// <summary>What the pages need beyond Core and MudBlazor (bUnit tests register the same).</summary>
    public static IServiceCollection AddPortalPages(this IServiceCollection services)
    {
        services.AddScoped<VmActions>();
        services.AddScoped<Components.Pages.Images.ImageActions>();
        services.AddScoped<Components.Pages.Images.UploadActions>();
        services.AddSingleton<Components.Layout.AccountPreferences>();
        services.AddSingleton<Components.Layout.ThemePreferences>();
        services.AddPortalLocalization();
        // Identity's refusals in the user's language (Core registers Identity; its describer is resolved per scope).
        services.AddScoped<Microsoft.AspNetCore.Identity.IdentityErrorDescriber, Components.Account.AccountIdentityErrors>();
        return services;
    }

    /// <summary>Starts storage, migrates the database; throws <see cref="PortalStartupException"/> with a fix-it message.</summary>
    public static async Task PreparePortalAsync(this WebApplication app)
    {
        // Stop the embedded Azurite with the portal, however it stops (Ctrl+C, SIGTERM).
        KnownProxies.Parse(app.Configuration);
        var azurite = app.Services.GetRequiredService<EmbeddedAzurite>();
        app.Lifetime.ApplicationStopped.Register(() => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult());
        await app.Services.GetRequiredService<PortalStartup>().PrepareAsync(app.Lifetime.ApplicationStopping);
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UsePortalProxies();
        app.UsePortalSecurityHeaders();
        app.UsePortalLocalization();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UsePortalApiErrors();
        app.UseAsmProtocol();
        app.UsePortalSignIn();
        app.UsePortalApiBodies();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealthAsync }).AllowAnonymous();
        // The sign-in page needs the framework's scripts and the portal's css before anyone is signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapPortalApi();
        app.MapAsm();
        app.MapAccountEndpoints();
        app.MapCultureSwitch();
        app.MapBrowserUploads();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonSerializerOptions.Web));
    }
}
