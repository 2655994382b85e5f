using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using VmPortal.Core;
using VmPortal.Web.Api.OpenApi;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

/// <summary>The REST API of API.md: JSON settings, OpenAPI, error mapping and every route group, wired once.</summary>
public static class PortalApi
{
    public const string Prefix = "/api";

    public static IServiceCollection AddPortalApi(this IServiceCollection services)
    {
        // camelCase (the web default) and enums by name; a number is no enum value.
        // Numbers are numbers: "5" is not accepted where 5 is meant, and the OpenAPI schema says plain integer.
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        // Unreadable requests throw, so ApiErrorMiddleware answers them as problem details in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddPortalOpenApi();
        return services;
    }

    internal static JsonSerializerOptions ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.NumberHandling = JsonNumberHandling.Strict;
        // {"x":1,"x":2} is refused, not read as whichever came last (JsonBodyGuard refuses it first, for every body).
        options.AllowDuplicateProperties = false;
        return options;
    }

    /// <summary>
    /// The audit of every changing call, then problem details for everything under <see cref="Prefix"/>; call early,
    /// before authentication, so refusals by sign-in, roles and rate limits are recorded and answered as problems too.
    /// </summary>
    public static IApplicationBuilder UsePortalApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), api =>
        {
            api.UseMiddleware<ApiAuditMiddleware>();
            api.UseMiddleware<ApiErrorMiddleware>();
            api.UseMiddleware<DotSegmentGuard>((Func<PortalError, IResult>)(e => ApiProblems.For(e)));
        });

    /// <summary>
    /// Refuses an API call whose JSON body is unreadable or names a member twice (<see cref="JsonBodyGuard"/>): after
    /// sign-in and roles, before any route runs.
    /// </summary>
    public static IApplicationBuilder UsePortalApiBodies(this IApplicationBuilder app) =>
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Prefix), api => api.UseMiddleware<JsonBodyGuard>());

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder app)
    {
        // Every route of the group, also one added later, gets its role policy here (ApiAccess): reads need a Reader,
        // changes an Operator unless the route or its group says otherwise.
        var api = app.MapGroup(Prefix).RequirePortalRoles();
        api.AddEndpointFilter(ApiAuditMiddleware.NoteRefusalCode);
        api.MapAuthEndpoints();
        api.MapReferenceDataEndpoints();
        api.MapStorageAccountEndpoints();
        api.MapStorageHealthEndpoints();
        api.MapCloudServiceEndpoints();
        api.MapVirtualNetworkEndpoints();
        api.MapDiskEndpoints();
        api.MapOperationEndpoints();
        api.MapVmEndpoints();
        api.MapImageEndpoints();
        api.MapImageFamilyEndpoints();
        api.MapUploadEndpoints();

        app.MapPortalOpenApi();
        // Scalar's script ships inside the package; its default web fonts would come from a CDN, so they are off.
        app.MapScalarApiReference(o => o.WithTitle("VmPortal API").DisableDefaultFonts());
        return app;
    }
}
