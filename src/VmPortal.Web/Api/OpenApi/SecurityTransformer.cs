using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using VmPortal.Core.Security;
using VmPortal.Web.Security;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// Who may call each operation, from the same rule that authorizes it (<see cref="ApiAccess"/>): a bearer token, with the
/// 401 every secured route can answer, and the 403 of routes a Reader may not call. The token route says it needs none.
/// </summary>
internal sealed class SecurityTransformer : IOpenApiOperationTransformer
{
    public const string SchemeName = "bearer";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var role = ApiAccess.RequiredRole(context.Description.ActionDescriptor.EndpointMetadata);
        if (role is null)
        {
            // An empty requirement is OpenAPI's way to say "no credentials needed" (an empty list would mean "not stated").
            operation.Security = [new OpenApiSecurityRequirement()];
            return Task.CompletedTask;
        }
        operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
        operation.Responses ??= [];
        ProblemResponses.Add(operation, StatusCodes.Status401Unauthorized, context.Document);
        if (role != PortalRoles.Reader) ProblemResponses.Add(operation, StatusCodes.Status403Forbidden, context.Document);
        var who = role switch
        {
            PortalRoles.Reader => "any signed-in user (Reader, Operator or Admin)",
            PortalRoles.Operator => "an Operator or Admin",
            _ => "an Admin",
        };
        operation.Description = $"{operation.Description?.TrimEnd()}\n\nNeeds a bearer token of {who}.".TrimStart();
        return Task.CompletedTask;
    }

    public static OpenApiSecurityScheme Scheme => new()
    {
        Type = SecuritySchemeType.Http,
        Scheme = "bearer",
        Description = "A token from `POST /api/auth/token` (8 hours) or a personal token made at /account/tokens (7–365 days), " +
                      "sent as `Authorization: Bearer <token>`. The role of its user decides what it may do.",
    };
}
