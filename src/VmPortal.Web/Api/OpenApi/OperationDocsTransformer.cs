using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// What each operation's responses, parameters and bodies mean, with examples: the <c>Location</c> header of every
/// 201 and 202, when each problem status happens, and an example body (serialized exactly as the API writes it) for
/// every request and answer that has one. Summaries and descriptions come from the routes themselves.
/// </summary>
internal sealed class OperationDocsTransformer(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

    // A client leaves out what it does not send; the document lists no request member as null.
    private readonly JsonSerializerOptions _request = new(json.Value.SerializerOptions)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        foreach (var parameter in operation.Parameters ?? [])
            if (parameter is OpenApiParameter concrete) ApiParameterDocs.Describe(concrete, description.RelativePath ?? "", context.Document);

        var body = description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        if (body?.Type == typeof(Stream))
        {
            // A route that reads raw bytes (an upload's chunk): one binary body, whatever the framework inferred.
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The bytes, as they are in the file.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
            body = null;
        }
        if (body is not null && operation.RequestBody?.Content is { } requestContent && ApiExamples.For(body.Type) is { } requestExample)
            foreach (var media in requestContent.Values) media.Example = JsonSerializer.SerializeToNode(requestExample, requestExample.GetType(), _request);

        foreach (var (key, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete || !int.TryParse(key, out var status) || status >= 300) continue;
            concrete.Description = Success(status);
            var type = description.SupportedResponseTypes.FirstOrDefault(r => r.StatusCode == status)?.Type;
            var example = type is null ? null : ApiExamples.For(type);
            foreach (var media in example is null ? [] : concrete.Content?.Values ?? [])
                media.Example = JsonSerializer.SerializeToNode(example, example!.GetType(), _json);
            if (status == StatusCodes.Status201Created)
                concrete.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Location"] = LocationHeader("The new resource's address.", ApiExamples.LocationOf(example, description.RelativePath)),
                };
            if (status == StatusCodes.Status202Accepted)
                concrete.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Location"] = LocationHeader("The operation to poll.", $"{PortalApi.Prefix}/operations/{ApiExamples.OperationId}"),
                };
        }
        ProblemResponses.Describe(operation);
        return Task.CompletedTask;
    }

    private static string Success(int status) => status switch
    {
        StatusCodes.Status201Created => "Created: the new resource; `Location` is its address.",
        StatusCodes.Status202Accepted => "Accepted: the work is queued as an operation; poll `Location` until its status is Succeeded or Failed.",
        StatusCodes.Status204NoContent => "Done; there is nothing to return.",
        _ => "OK.",
    };

    private static OpenApiHeader LocationHeader(string description, string example) => new()
    {
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
        Example = example,
    };
}
