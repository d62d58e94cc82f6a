using System.Text.Json.Nodes;

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

    /// <summary>The schema itself, or the component a <c>$ref</c> points to; <c>allOf</c> of one member unwrapped.</summary>
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
}
