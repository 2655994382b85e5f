using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>
/// A member the API leaves out when it has no value (<c>[JsonIgnore(WhenWritingNull)]</c>, such as an OS image's
/// <c>dataDiskConfigurations</c>) is optional and never null in the document: clients test whether it is there.
/// </summary>
internal sealed class OmittedMembersTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is not null || schema.Properties is null) return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties)
        {
            var omitted = property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
                .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;
            if (!omitted) continue;
            schema.Required?.Remove(property.Name);
            if (schema.Properties.TryGetValue(property.Name, out var member)) schema.Properties[property.Name] = SchemaShapes.NonNull(member);
        }
        return Task.CompletedTask;
    }
}
