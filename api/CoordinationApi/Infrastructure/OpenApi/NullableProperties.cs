using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Every property C# lets be null allows null in the document (OpenAPI 3.1, JSON Schema 2020-12): a scalar or array gets
/// <c>"null"</c> among its types (<c>type: ["string", "null"]</c>); one whose type is a shared component
/// (<c>VersionRefDto? CurrentVersion</c>, <c>Recurrence?</c>) is written <c>oneOf: [{$ref}, {type: "null"}]</c>, so the
/// component stays the one definition and every tool reads the property as nullable. (OpenAPI 3.0's
/// <c>allOf: [$ref]</c> with <c>nullable: true</c> has no <c>type</c> for <c>nullable</c> to extend, so strict tools read
/// it as non-null.) A schema without a type (any JSON, <c>JsonElement?</c>) allows null already.
/// </summary>
internal sealed class NullableProperties : ISchemaFilter
{

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Properties.Count: > 0 } model)
        {
            return;
        }

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var entry = model.Properties.FirstOrDefault(p => string.Equals(p.Key, property.Name, StringComparison.OrdinalIgnoreCase));
            if (entry.Value is OpenApiSchemaReference reference && IsNullable(property))
            {
                model.Properties[entry.Key] = new OpenApiSchema
                {
                    OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }],
                    Description = reference.Description,
                };
            }
            else if (entry.Value is OpenApiSchema inline && IsNullable(property) && inline.Type is { } type && !type.HasFlag(JsonSchemaType.Null))
            {
                inline.Type = type | JsonSchemaType.Null;
            }
        }
    }

    /// <summary>Whether C# lets the property be null: a nullable value type, or a reference type declared with <c>?</c>.</summary>
    public static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && new NullabilityInfoContext().Create(property).ReadState == NullabilityState.Nullable);
}
