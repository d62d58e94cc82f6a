using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// A property whose C# type is a nullable reference to another schema (<c>VersionRefDto? CurrentVersion</c>) is written
/// <c>allOf: [$ref]</c> with <c>nullable: true</c>: OpenAPI 3.0 ignores anything beside a bare <c>$ref</c>, so without the
/// wrapper the document would promise an object that can come back null.
/// </summary>
internal sealed class NullableReferences : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

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
        }
    }

    /// <summary>Whether C# lets the property be null: a nullable value type, or a reference type declared with <c>?</c>.</summary>
    public static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && Nullability.Create(property).ReadState == NullabilityState.Nullable);
}
