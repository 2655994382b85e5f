using VmPortal.Core;
using VmPortal.Core.Security;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api;

/// <summary>
/// The shapes every resource group shares (API.md "Shapes common to every resource"), written once. Each handler is
/// held as a plain <see cref="Delegate"/> before it is mapped: the framework binds it at run time as usual, while the
/// ASP.NET route-handler analyzer, which crashes on lambdas over type parameters (AD0001), leaves it alone.
/// </summary>
internal static class EndpointConventions
{
    /// <summary><c>GET</c> on the collection: <c>{items, total}</c>, paged by <c>skip</c>/<c>take</c>.</summary>
    public static RouteHandlerBuilder MapList<TService, TView>(this RouteGroupBuilder group, string name, string summary,
        Func<TService, int?, int?, CancellationToken, Task<PortalResult<Page<TView>>>> list) where TService : notnull
    {
        Delegate handler = async (int? skip, int? take, TService service, CancellationToken ct) =>
            ApiResults.Ok(await list(service, skip, take, ct));
        return group.MapGet("", handler).WithName(name).WithSummary(summary)
            .Produces<Page<TView>>().ProducesProblem(StatusCodes.Status400BadRequest);
    }

    /// <summary><c>GET /{name}</c>: one resource of the collection.</summary>
    public static RouteHandlerBuilder MapGetOne<TService, TView>(this RouteGroupBuilder group, string endpointName, string summary,
        Func<TService, string, CancellationToken, Task<PortalResult<TView>>> get) where TService : notnull
    {
        Delegate handler = async (string name, TService service, CancellationToken ct) => ApiResults.Ok(await get(service, name, ct));
        return group.MapGet("/{name}", handler).WithName(endpointName).WithSummary(summary)
            .Produces<TView>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary><c>POST</c> creating a metadata resource: 201 with <c>Location</c> = the collection's path plus the new name.</summary>
    public static RouteHandlerBuilder MapCreate<TService, TRequest, TView>(this RouteGroupBuilder group, string name, string summary,
        Func<TService, TRequest, Actor, CancellationToken, Task<PortalResult<TView>>> create, Func<TView, string> nameOf)
        where TService : notnull where TRequest : notnull
    {
        Delegate handler = async (TRequest request, TService service, HttpContext http, CancellationToken ct) =>
            ApiResults.Created(await create(service, request, http.Actor(), ct),
                v => $"{http.Request.PathBase}{http.Request.Path.Value?.TrimEnd('/')}/{ApiResults.Segment(nameOf(v))}");
        return group.MapPost("", handler).WithName(name).WithSummary(summary)
            .Produces<TView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
