using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// The document as a whole, once every operation and schema is in it: what the API is, where it is served, the bearer
/// scheme, the problem schema with its stable codes, the shapes of request bodies, and a description of every tag,
/// schema and member.
/// </summary>
internal sealed class DocumentDocsTransformer : IOpenApiDocumentTransformer
{
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Authentication"] = "Bearer tokens for everything else.",
        ["Reference data"] = "The fixed lists requests name values from: locations and instance sizes.",
        ["Storage accounts"] = "Where disks live: one storage account per location, from configuration.",
        ["Cloud services"] = "DNS names and locations that hold VMs.",
        ["Virtual networks"] = "Address spaces and subnets VMs can join.",
        ["Disks"] = "Fixed-VHD page blobs, attached to VMs or not.",
        ["Operations"] = "Long work in progress or done: capture, deploy, power actions, deletes.",
        ["Virtual machines"] = "Deploy, power, resize, change disks, capture and delete VMs.",
        ["Images"] = "OS images and VM images: list, read, change, delete and register from blobs.",
        ["Uploads"] = "Local fixed VHDs uploaded into page blobs in chunks, sparse and resumable, then registered as images.",
        ["Storage health"] = "Storage compared with the catalogue (administrators): orphan and missing blobs, invalid VHDs, leftovers, and their repair.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "VmPortal API";
        document.Info.Version = "v1";
        document.Info.Description =
            "VMs, VM images, disks and networks of a self-hosted portal. Send `Authorization: Bearer <token>` (from `POST /api/auth/token` " +
            "or a personal token). Lists answer pages of `{items, total}`; VMs, images and disks add a `continuationToken` for the next " +
            "page, which stays fast however deep it is. Long work answers `202 Accepted` with an operation to poll at its `Location`. Every refusal is " +
            "`application/problem+json` with a stable `code`; a refused request changes nothing.";
        document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-VmPortal" };
        // Relative to where the document is served, so it stays right behind a proxy or under another host name.
        foreach (var server in document.Servers ?? [])
        {
            var path = Uri.TryCreate(server.Url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : server.Url ?? "/";
            server.Url = path.Length > 1 ? path.TrimEnd('/') : "/";
            server.Description = "This portal, where this document is served";
        }
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is not null && Tags.TryGetValue(tag.Name, out var about)) tag.Description = about;

        document.Components ??= new OpenApiComponents();
        // Raw bodies are described as binary where they are read (OperationDocsTransformer); no schema stands for a stream.
        document.Components.Schemas?.Remove(nameof(Stream));
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme> { [SecurityTransformer.SchemeName] = SecurityTransformer.Scheme };
        AddCodes(document);
        ApiRequestShapes.Apply(document);
        Describe(document);
        return Task.CompletedTask;
    }

    public const string ErrorCodeSchema = "ErrorCode";

    /// <summary>
    /// The stable codes as one enum schema, used wherever a code appears: a problem's <c>code</c> (with the <c>field</c>
    /// member the portal adds), a failed operation's <c>error.code</c>, a capture preview's blockers.
    /// </summary>
    private static void AddCodes(OpenApiDocument document)
    {
        var schemas = document.Components!.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        schemas[ErrorCodeSchema] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. ErrorCodeList.All.Select(c => (JsonNode)c)] };
        foreach (var name in new[] { "OperationErrorView", "PortalError" })
            if (schemas.TryGetValue(name, out var schema) && schema is OpenApiSchema { Properties: { } members } && members.ContainsKey("code"))
                members["code"] = new OpenApiSchemaReference(ErrorCodeSchema, document);
        if (!schemas.TryGetValue(nameof(ProblemDetails), out var found) || found is not OpenApiSchema problem) return;
        problem.Properties ??= new Dictionary<string, IOpenApiSchema>();
        problem.Properties["code"] = new OpenApiSchemaReference(ErrorCodeSchema, document);
        problem.Properties["field"] = new OpenApiSchema { Type = JsonSchemaType.String };
        problem.Required = new HashSet<string> { "type", "title", "status", "detail", "code" };
        foreach (var member in new[] { "type", "title", "status", "detail" })
            if (problem.Properties.TryGetValue(member, out var schema)) problem.Properties[member] = SchemaShapes.NonNull(schema);
    }

    private static void Describe(OpenApiDocument document)
    {
        foreach (var (name, schema) in document.Components?.Schemas ?? new Dictionary<string, IOpenApiSchema>())
        {
            if (schema is not OpenApiSchema concrete) continue;
            concrete.Description = ApiSchemaDocs.SchemaOf(name);
            foreach (var member in concrete.Properties?.Keys.ToList() ?? [])
            {
                var about = ApiSchemaDocs.MemberOf(name, member);
                concrete.Properties![member] = concrete.Properties[member] switch
                {
                    OpenApiSchemaReference reference => new OpenApiSchemaReference(reference.Reference.Id!, document) { Description = about },
                    OpenApiSchema inline => With(inline, about),
                    var other => other,
                };
            }
        }
    }

    private static OpenApiSchema With(OpenApiSchema schema, string? description)
    {
        schema.Description = description;
        return schema;
    }
}
