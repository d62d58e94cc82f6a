using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Names the one C# definition of a closed vocabulary (a static <c>string[]</c> or list of strings) that a string
/// property or query value takes, so the OpenAPI document lists it as an <c>enum</c> read from that definition: the
/// validator and the contract cannot drift apart. On a list of strings, each item takes the vocabulary.
/// </summary>
/// <param name="definition">The class that holds the vocabulary.</param>
/// <param name="member">The static field or property holding its values; <c>All</c> unless told.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class VocabularyAttribute(Type definition, string member = "All") : Attribute
{
    public Type Definition { get; } = definition;

    public string Member { get; } = member;

    /// <summary>The values, in the order the definition gives them.</summary>
    public IReadOnlyList<string> Values
    {
        get
        {
            const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
            var value = Definition.GetField(Member, Static)?.GetValue(null) ?? Definition.GetProperty(Member, Static)?.GetValue(null);
            if (value is System.Collections.IDictionary keyed)
            {
                value = keyed.Keys.Cast<string>();
            }

            return value is IEnumerable<string> values
                ? [.. values]
                : throw new InvalidOperationException($"{Definition.Name}.{Member} is not a static list of strings.");
        }
    }

    /// <summary>The vocabulary of a property, given on it or on the record's constructor parameter of that name.</summary>
    public static VocabularyAttribute? Of(PropertyInfo property) =>
        property.GetCustomAttribute<VocabularyAttribute>()
        ?? new[] { property.ReflectedType, property.DeclaringType }.OfType<Type>()
            .SelectMany(t => t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance))
            .SelectMany(c => c.GetParameters())
            .Where(p => p.Name == property.Name)
            .Select(p => p.GetCustomAttribute<VocabularyAttribute>())
            .FirstOrDefault(v => v is not null);

    /// <summary>Writes the vocabulary into a string schema, or into the items of an array schema; null stays allowed where it was.</summary>
    public void Apply(IOpenApiSchema? schema)
    {
        if (schema is not OpenApiSchema target)
        {
            return;
        }

        if (target.Type is { } type && type.HasFlag(JsonSchemaType.Array))
        {
            Apply(target.Items);
            return;
        }

        var values = Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToList();
        if (target.Type is { } nullable && nullable.HasFlag(JsonSchemaType.Null))
        {
            values.Add(null);
        }

        target.Enum = values!;
    }

    /// <summary>Body and response schemas: each property with a vocabulary lists it.</summary>
    internal sealed class SchemaFilter : ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
        {
            if (schema is not OpenApiSchema { Properties.Count: > 0 } model)
            {
                return;
            }

            foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (Of(property) is { } vocabulary
                    && model.Properties.FirstOrDefault(p => string.Equals(p.Key, property.Name, StringComparison.OrdinalIgnoreCase)).Value is { } target)
                {
                    vocabulary.Apply(target);
                }
            }
        }
    }

    /// <summary>Query parameters: those of <c>[AsParameters]</c> records, and single arguments, list their vocabulary.</summary>
    internal sealed class OperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var parameters = operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.In == ParameterLocation.Query).ToList() ?? [];
            foreach (var argument in context.MethodInfo?.GetParameters() ?? [])
            {
                if (argument.GetCustomAttribute<AsParametersAttribute>() is null)
                {
                    if (argument.GetCustomAttribute<VocabularyAttribute>() is { } single)
                    {
                        single.Apply(Find(parameters, argument.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? argument.Name));
                    }

                    continue;
                }

                foreach (var property in argument.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (Of(property) is { } vocabulary)
                    {
                        vocabulary.Apply(Find(parameters, property.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? property.Name));
                    }
                }
            }
        }

        private static IOpenApiSchema? Find(List<OpenApiParameter> parameters, string? name) =>
            parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Schema;
    }
}
