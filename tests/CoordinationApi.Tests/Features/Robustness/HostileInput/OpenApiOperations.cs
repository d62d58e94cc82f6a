using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure.Contract;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>One operation of the API as its OpenAPI document describes it: what to send and which statuses it may answer.</summary>
public sealed record ApiOperation(
    string Method,
    string PathTemplate,
    string OperationId,
    IReadOnlyList<ApiParameter> Parameters,
    JsonObject? BodySchema,
    IReadOnlySet<int> DocumentedStatuses)
{
    public string Name => $"{Method} {PathTemplate}";

    public IEnumerable<ApiParameter> InPath => Parameters.Where(p => p.In == "path");

    public IEnumerable<ApiParameter> InQuery => Parameters.Where(p => p.In == "query");

    public IEnumerable<ApiParameter> InHeader => Parameters.Where(p => p.In == "header");
}

public sealed record ApiParameter(string Name, string In, bool Required, JsonObject Schema);

/// <summary>Reads the operations of an OpenAPI 3.0 document and resolves the schema references they use.</summary>
public sealed class OpenApiOperations
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];
    private readonly JsonObject schemas;

    public OpenApiOperations(JsonObject document)
    {
        schemas = document["components"]?["schemas"]?.AsObject() ?? [];
        Operations = [.. ReadOperations(document)];
    }

    public IReadOnlyList<ApiOperation> Operations { get; }

    /// <summary>
    /// Whether a property is one the API accepts and ignores (a GET body's read-only member in a PUT's schema): only its JSON
    /// type is checked, so what binding and validation refuse is tested on the members a request writes.
    /// </summary>
    public static bool IsIgnored(JsonNode? property) => property?["x-accepted-and-ignored"]?.GetValue<bool>() == true;

    /// <summary>The schema itself, or the component a <c>$ref</c> points to; <c>allOf</c> of one member and <c>oneOf</c> of one member or null unwrapped.</summary>
    public JsonObject Resolve(JsonObject schema)
    {
        for (var depth = 0; depth < 16; depth++)
        {
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = schemas[reference[(reference.LastIndexOf('/') + 1)..]]!.AsObject();
            }
            else if (schema["allOf"] is JsonArray { Count: 1 } allOf)
            {
                schema = allOf[0]!.AsObject();
            }
            else if (SchemaTypes.NullableWrapped(schema) is { } wrapped)
            {
                schema = wrapped;
            }
            else
            {
                return schema;
            }
        }

        throw new InvalidOperationException("Schema references nest too deeply.");
    }

    private IEnumerable<ApiOperation> ReadOperations(JsonObject document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject operation)
                {
                    continue;
                }

                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => p!.AsObject())
                    .Select(p => new ApiParameter(
                        p["name"]!.GetValue<string>(),
                        p["in"]!.GetValue<string>(),
                        p["required"]?.GetValue<bool>() ?? false,
                        Resolve(p["schema"]?.AsObject() ?? [])))
                    .ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
                var statuses = operation["responses"]!.AsObject()
                    .Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture))
                    .ToHashSet();
                yield return new ApiOperation(
                    method.ToUpperInvariant(), path, operation["operationId"]?.GetValue<string>() ?? $"{method} {path}",
                    parameters, body is null ? null : Resolve(body), statuses);
            }
        }
    }

    /// <summary>
    /// The paths, as the API names fields in <c>errors</c> (<c>newTasks[0].planYear</c>: a list's items as <c>[0]</c>), of
    /// every property of a body schema, at any depth up to 4, whose resolved schema <paramref name="matches"/>.
    /// </summary>
    public IEnumerable<string> PropertyPaths(JsonObject schema, Func<JsonObject, bool> matches, string prefix = "", int depth = 0)
    {
        schema = Resolve(schema);
        if (depth > 4 || schema["properties"] is not JsonObject properties)
        {
            yield break;
        }

        foreach (var (name, value) in properties.Where(p => !IsIgnored(p.Value)))
        {
            var property = Resolve(value!.AsObject());
            var path = prefix.Length == 0 ? name : $"{prefix}.{name}";
            if (matches(property))
            {
                yield return path;
            }

            var nested = property["items"] is JsonObject items && Resolve(items)["properties"] is not null ? PropertyPaths(items, matches, $"{path}[0]", depth + 1)
                : property["properties"] is not null ? PropertyPaths(property, matches, path, depth + 1)
                : [];
            foreach (var inner in nested)
            {
                yield return inner;
            }
        }
    }

    /// <summary>A body holding only <paramref name="value"/> at <paramref name="path"/> (a path of <see cref="PropertyPaths"/>).</summary>
    public static JsonObject BodyWith(string path, JsonNode? value)
    {
        var root = new JsonObject();
        var current = root;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length - 1; i++)
        {
            var next = new JsonObject();
            if (segments[i].EndsWith("[0]", StringComparison.Ordinal))
            {
                current[segments[i][..^3]] = new JsonArray(next);
            }
            else
            {
                current[segments[i]] = next;
            }

            current = next;
        }

        current[segments[^1]] = value;
        return root;
    }

    /// <summary>
    /// A value of the schema's type holding every member its schema lists as required (lists one item long, the first value
    /// of an enum, plausible scalars), whatever the validators think of it: a body that binds.
    /// </summary>
    public JsonNode? Skeleton(JsonObject schema, int depth = 0)
    {
        schema = Resolve(schema);
        if (schema["enum"] is JsonArray { Count: > 0 } values)
        {
            return values[0]!.DeepClone();
        }

        if (schema["oneOf"] is JsonArray { Count: > 0 } alternatives)
        {
            return Skeleton(alternatives[0]!.AsObject(), depth + 1);
        }

        if (schema["properties"] is JsonObject properties)
        {
            var required = (schema["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            var body = new JsonObject();
            foreach (var (name, value) in properties.Where(p => required.Contains(p.Key)))
            {
                body[name] = depth > 6 ? null : Skeleton(value!.AsObject(), depth + 1);
            }

            return body;
        }

        var types = schema["type"] switch
        {
            JsonValue one => [one.GetValue<string>()],
            JsonArray many => many.Select(t => t!.GetValue<string>()).ToArray(),
            _ => Array.Empty<string>(),
        };
        return types.FirstOrDefault(t => t != "null") switch
        {
            "array" => new JsonArray(schema["items"] is JsonObject items ? Skeleton(items, depth + 1) : JsonValue.Create("x")),
            "integer" or "number" => JsonValue.Create(1),
            "boolean" => JsonValue.Create(true),
            "string" => JsonValue.Create(schema["format"]?.GetValue<string>() switch
            {
                "date" => "2026-01-01",
                "date-time" => "2026-01-01T00:00:00Z",
                _ => "x",
            }),
            _ => new JsonObject(),
        };
    }

    /// <summary>
    /// The <see cref="Skeleton"/> of a body with <paramref name="value"/> at <paramref name="path"/> (names, and <c>[]</c>
    /// for a list's item): every other required member present, so binding reaches the value under test.
    /// </summary>
    public JsonNode? SkeletonWith(JsonObject schema, IReadOnlyList<string> path, JsonNode? value) => Place(schema, null, path, 0, value);

    /// <summary><see cref="SkeletonWith(JsonObject, IReadOnlyList{string}, JsonNode?)"/> for a path of <see cref="PropertyPaths"/> (<c>parties[0].agencyCode</c>).</summary>
    public JsonNode? SkeletonWith(JsonObject schema, string path, JsonNode? value) =>
        SkeletonWith(schema, [.. path.Split('.').SelectMany(s => s.EndsWith("[0]", StringComparison.Ordinal) ? new[] { s[..^3], "[]" } : [s])], value);

    private JsonNode? Place(JsonObject schema, JsonNode? existing, IReadOnlyList<string> path, int index, JsonNode? value)
    {
        schema = Resolve(schema);
        if (index == path.Count)
        {
            // A list of empty objects (a bound's extreme) gets items that bind: each the skeleton of the list's item.
            if (value is JsonArray list && schema["items"] is JsonObject itemSchema && Resolve(itemSchema)["properties"] is not null)
            {
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject { Count: 0 })
                    {
                        list[i] = Skeleton(itemSchema);
                    }
                }
            }

            return value;
        }

        if (path[index] == "[]")
        {
            var items = schema["items"] as JsonObject ?? [];
            var item = (existing as JsonArray)?.FirstOrDefault()?.DeepClone() ?? Skeleton(items);
            return new JsonArray(Place(items, item, path, index + 1, value));
        }

        var body = existing as JsonObject ?? Skeleton(schema) as JsonObject ?? [];
        var property = schema["properties"]?[path[index]] as JsonObject ?? [];
        body[path[index]] = Place(property, body[path[index]]?.DeepClone(), path, index + 1, value);
        return body;
    }
}
