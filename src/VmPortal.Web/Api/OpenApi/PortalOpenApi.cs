namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// The OpenAPI document at <see cref="DocumentPath"/>, shaped for the tools scripters point at it: generated clients
/// (openapi-typescript, Kiota, NSwag) get typed problems, enums and optional members; linters get security, examples and
/// descriptions everywhere. It describes <c>/api</c> only: the pages' form posts and the classic <c>/asm</c> endpoint
/// have their own contracts.
/// </summary>
internal static class PortalOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith(PortalApi.Prefix[1..] + "/", StringComparison.Ordinal) == true;
            o.AddSchemaTransformer<OmittedMembersTransformer>();
            o.AddOperationTransformer<SecurityTransformer>();
            o.AddOperationTransformer<OperationDocsTransformer>();
            o.AddDocumentTransformer<DocumentDocsTransformer>();
        });

    /// <summary>The document itself is public (tools fetch it before anyone has a token); what it describes is not.</summary>
    public static IEndpointRouteBuilder MapPortalOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
