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

    /// <summary>
    /// The name of the vocabulary's one component schema: the <see cref="VocabularyNameAttribute"/> on its definition's
    /// member, else the class name (and the member's, unless it is <c>All</c>).
    /// </summary>
    public string SchemaName
    {
        get
        {
            const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
            var member = (MemberInfo?)Definition.GetField(Member, Static) ?? Definition.GetProperty(Member, Static);
            return member?.GetCustomAttribute<VocabularyNameAttribute>()?.Name ?? Definition.Name + (Member == "All" ? "" : Member);
        }
    }

    /// <summary>
    /// The vocabulary as one shared component schema (a string <c>enum</c>), defined on first use: a string schema becomes
    /// a <c>$ref</c> to it, an array schema's items do. Where null is allowed, <see cref="NullableProperties"/> wraps the
    /// reference (<c>allOf</c> with <c>nullable</c>), as OpenAPI 3.0 ignores anything beside a bare <c>$ref</c>.
    /// </summary>
    public IOpenApiSchema Shared(IOpenApiSchema schema, SchemaRepository repository, OpenApiDocument? document)
    {
        if (schema is OpenApiSchema { Type: { } type } array && type.HasFlag(JsonSchemaType.Array))
        {
            array.Items = array.Items is null ? null : Shared(array.Items, repository, document);
            return array;
        }

        var name = SchemaName;
        if (repository.Schemas.TryGetValue(name, out var existing))
        {
            if (existing is not OpenApiSchema { Enum: { } listed } || !listed.Select(v => v?.GetValue<string>()).SequenceEqual(Values))
            {
                throw new InvalidOperationException($"Two vocabularies are named {name}: give {Definition.Name}.{Member} its own [VocabularyName].");
            }
        }
        else
        {
            repository.AddDefinition(name, new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = [.. Values.Select(v => (JsonNode)JsonValue.Create(v))],
            });
        }

        return new OpenApiSchemaReference(name, document) { Description = schema.Description };
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
                    && model.Properties.FirstOrDefault(p => string.Equals(p.Key, property.Name, StringComparison.OrdinalIgnoreCase)) is { Value: { } target } entry)
                {
                    model.Properties[entry.Key] = vocabulary.Shared(target, context.SchemaRepository, null);
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
                        Share(single, Find(parameters, argument.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? argument.Name), context);
                    }

                    continue;
                }

                foreach (var property in argument.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (Of(property) is { } vocabulary)
                    {
                        Share(vocabulary, Find(parameters, property.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromQueryAttribute>()?.Name ?? property.Name), context);
                    }
                }
            }
        }

        private static OpenApiParameter? Find(List<OpenApiParameter> parameters, string? name) =>
            parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        private static void Share(VocabularyAttribute vocabulary, OpenApiParameter? parameter, OperationFilterContext context)
        {
            if (parameter?.Schema is { } schema)
            {
                parameter.Schema = vocabulary.Shared(schema, context.SchemaRepository, context.Document);
            }
        }
    }
}

/// <summary>The name of a vocabulary's component schema in the OpenAPI document, e.g. <c>TaskStatus</c>.</summary>
/// <param name="name">The schema name.</param>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class VocabularyNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
