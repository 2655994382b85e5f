using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using VmPortal.Core;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// The refusals of API.md "Errors" as OpenAPI responses: <c>application/problem+json</c> with the problem schema, a
/// sentence on when each status happens, and an example of the problem itself.
/// </summary>
internal static class ProblemResponses
{
    public const string MediaType = "application/problem+json";

    private sealed record Refusal(string When, string Code, string Detail, string? Field = null);

    private static readonly Dictionary<int, Refusal> Refusals = new()
    {
        [StatusCodes.Status400BadRequest] = new(
            "The request is malformed or breaks a rule; nothing was changed. `code` names the rule and `field` the member at fault.",
            ErrorCodes.ValidationFailed, "'Huge' is not an instance size; use one of: ExtraSmall, Small, Medium, Large, ExtraLarge, …",
            "instanceSize"),
        [StatusCodes.Status401Unauthorized] = new(
            "No bearer token was sent, or it is wrong, expired or revoked (`Unauthenticated`).",
            ErrorCodes.Unauthenticated, "Sign in first: send Authorization: Bearer <token>."),
        [StatusCodes.Status403Forbidden] = new(
            "The token's user lacks the role this operation needs, or the resource may not be changed by anyone (a public image) (`Forbidden`).",
            ErrorCodes.Forbidden, "Your role may not POST /api/cloud-services/contoso-web/vms/web01/start."),
        [StatusCodes.Status404NotFound] = new(
            "Something the request names does not exist (`NotFound`).",
            ErrorCodes.NotFound, "The VM 'web01' in cloud service 'contoso-web' does not exist."),
        [StatusCodes.Status409Conflict] = new(
            "The request is valid, but the state of the resources refuses it: a name is taken, a VM is not stopped or busy, an image or disk is in use. `code` says which.",
            ErrorCodes.VmNotStopped, "'web01' is not stopped (its status is ReadyRole); a generalized capture needs the VM stopped. Stop it first."),
        [StatusCodes.Status429TooManyRequests] = new(
            "Too many token requests from this address; try again after `Retry-After` seconds (`TooManyRequests`).",
            ErrorCodes.TooManyRequests, "Too many token requests from this address: at most 10 a minute. Try again in a minute."),
    };

    /// <summary>Adds the problem response for <paramref name="status"/> unless the operation declares it already.</summary>
    public static void Add(OpenApiOperation operation, int status, OpenApiDocument? document)
    {
        operation.Responses ??= [];
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses.ContainsKey(key)) return;
        operation.Responses[key] = new OpenApiResponse
        {
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [MediaType] = new() { Schema = new OpenApiSchemaReference(nameof(ProblemDetails), document) },
            },
        };
    }

    /// <summary>Says when each problem response happens and shows one.</summary>
    public static void Describe(OpenApiOperation operation)
    {
        foreach (var (key, response) in operation.Responses ?? [])
        {
            if (!int.TryParse(key, out var status) || !Refusals.TryGetValue(status, out var refusal)) continue;
            if (response is not OpenApiResponse concrete) continue;
            concrete.Description = refusal.When;
            if (concrete.Content?.TryGetValue(MediaType, out var media) == true) media.Example = Example(status, refusal);
        }
    }

    /// <summary>Every status a problem can have here.</summary>
    public static IEnumerable<int> Statuses => Refusals.Keys;

    private static JsonObject Example(int status, Refusal refusal)
    {
        var problem = new JsonObject
        {
            ["type"] = status == StatusCodes.Status429TooManyRequests
                ? "https://tools.ietf.org/html/rfc6585#section-4"
                : $"https://tools.ietf.org/html/rfc9110#section-15.5.{Section(status)}",
            ["title"] = ApiProblems.TitleOf(refusal.Code),
            ["status"] = status,
            ["detail"] = refusal.Detail,
            ["code"] = refusal.Code,
        };
        if (refusal.Field is not null) problem["field"] = refusal.Field;
        return problem;
    }

    private static int Section(int status) => status switch
    {
        StatusCodes.Status400BadRequest => 1,
        StatusCodes.Status401Unauthorized => 2,
        StatusCodes.Status403Forbidden => 4,
        StatusCodes.Status404NotFound => 5,
        _ => 10,
    };
}
