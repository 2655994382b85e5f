using Microsoft.AspNetCore.Authorization;
using VmPortal.Core.Security;

namespace VmPortal.Web.Security;

/// <summary>
/// Who may call an API route, when it differs from the rule every route gets by default: reads (GET/HEAD) need a
/// Reader, anything else an Operator. Put on a route or a group; the most specific one wins.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true)]
public sealed class ApiAccessAttribute : Attribute
{
    /// <summary>No caller needed (only <c>POST /api/auth/token</c>).</summary>
    public bool Anonymous { get; init; }
    /// <summary>This role for the route whatever its method (a POST that only reads, say).</summary>
    public string? Role { get; init; }
    /// <summary>The role for the group's routes that change something; reads still need only a Reader.</summary>
    public string? MutatingRole { get; init; }
}

/// <summary>
/// The API's authorization, applied centrally: one convention on the <c>/api</c> group gives every route — also one added
/// later — a role policy by its method, so no route can forget it. A route that declares itself anonymous by other means
/// (<c>AllowAnonymous</c>) stops the portal from starting.
/// </summary>
public static class ApiAccess
{
    public static TBuilder AllowAnonymousCaller<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiAccessAttribute { Anonymous = true });

    /// <summary>Reads stay open to every Reader; changes need <paramref name="role"/>.</summary>
    public static TBuilder ChangesNeed<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiAccessAttribute { MutatingRole = role });

    /// <summary>This route needs <paramref name="role"/> whatever its method.</summary>
    public static TBuilder Needs<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiAccessAttribute { Role = role });

    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>The role a route needs, or <c>null</c> for an anonymous one.</summary>
    public static string? RequiredRole(IEnumerable<object> metadata)
    {
        var access = metadata.OfType<ApiAccessAttribute>().ToList();
        if (access.Any(a => a.Anonymous)) return null;
        if (access.LastOrDefault(a => a.Role is not null)?.Role is { } role) return role;
        var methods = metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
        if (methods.Count > 0 && methods.All(IsRead)) return PortalRoles.Reader;
        return access.LastOrDefault(a => a.MutatingRole is not null)?.MutatingRole ?? PortalRoles.Operator;
    }

    internal static RouteGroupBuilder RequirePortalRoles(this RouteGroupBuilder api)
    {
        ((IEndpointConventionBuilder)api).Finally(endpoint =>
        {
            var declaredAnonymous = endpoint.Metadata.OfType<ApiAccessAttribute>().Any(a => a.Anonymous);
            if (!declaredAnonymous && endpoint.Metadata.OfType<IAllowAnonymous>().Any())
                throw new InvalidOperationException(
                    $"API route '{endpoint.DisplayName}' allows anonymous callers; use AllowAnonymousCaller() so the access matrix knows.");
            if (RequiredRole(endpoint.Metadata) is { } role) endpoint.Metadata.Add(new AuthorizeAttribute(PortalPolicies.ApiPolicy(role)));
            else endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
        return api;
    }
}
