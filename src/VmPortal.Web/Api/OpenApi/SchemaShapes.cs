using Microsoft.OpenApi;

namespace VmPortal.Web.Api.OpenApi;

/// <summary>Small edits of generated schemas.</summary>
internal static class SchemaShapes
{
    /// <summary>The schema without its <c>null</c> alternative: <c>["null","string"]</c> → <c>string</c>, <c>oneOf [null, $ref]</c> → <c>$ref</c>.</summary>
    public static IOpenApiSchema NonNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema concrete) return schema;
        if (concrete.OneOf is { Count: 2 } oneOf && oneOf.FirstOrDefault(s => s is OpenApiSchemaReference) is { } reference
            && oneOf.Any(s => s.Type == JsonSchemaType.Null))
            return reference;
        if (concrete.Type is { } type && type.HasFlag(JsonSchemaType.Null) && type != JsonSchemaType.Null)
            concrete.Type = type & ~JsonSchemaType.Null;
        return concrete;
    }
}
