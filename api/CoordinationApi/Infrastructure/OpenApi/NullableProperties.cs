using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Every property C# lets be null is <c>nullable</c> in the document. One whose type is another schema
/// (<c>VersionRefDto? CurrentVersion</c>) is written <c>allOf: [$ref]</c> with <c>nullable: true</c>: OpenAPI 3.0 ignores
/// anything beside a bare <c>$ref</c>, so without the wrapper the document would promise an object that can come back
/// null. A schema without a type (any JSON, <c>JsonElement?</c>) allows null already.
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
                    AllOf = [reference],
                    Type = JsonSchemaType.Null,
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
