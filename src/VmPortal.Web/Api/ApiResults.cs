using VmPortal.Core;
using VmPortal.Core.Operations;

namespace VmPortal.Web.Api;

/// <summary>A service's <see cref="PortalResult{T}"/> as an HTTP answer: the value with its status, or the problem details.</summary>
internal static class ApiResults
{
    public static IResult Ok<T>(PortalResult<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value) : ApiProblems.For(result.Error);

    /// <summary>201 with <c>Location</c>: a metadata resource was created.</summary>
    public static IResult Created<T>(PortalResult<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Created(location(result.Value), result.Value) : ApiProblems.For(result.Error);

    /// <summary>202 with <c>Location: /api/operations/{id}</c> and the operation: long work was queued.</summary>
    public static IResult Accepted(PortalResult<OperationView> result) =>
        result.Succeeded ? TypedResults.Accepted(OperationLocation(result.Value.Id), result.Value) : ApiProblems.For(result.Error);

    public static IResult NoContent<T>(PortalResult<T> result) =>
        result.Succeeded ? TypedResults.NoContent() : ApiProblems.For(result.Error);

    public static string OperationLocation(Guid id) => $"/api/operations/{id}";

    /// <summary>A path segment for a <c>Location</c> header; names may hold characters a URL escapes.</summary>
    public static string Segment(string name) => Uri.EscapeDataString(name);
}
