extern alias JsonEverything;

using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using JsonEverything::Json.Schema;

namespace CoordinationApi.Tests.Infrastructure.Contract;

/// <summary>One way a response departs from the OpenAPI document.</summary>
/// <param name="Method">The request's method.</param>
/// <param name="Path">The request's path and query.</param>
/// <param name="Status">The response's status code.</param>
/// <param name="Operation">The documented operation (<c>GET /api/v1/tasks/{id}</c>), or <c>(none)</c>.</param>
/// <param name="Rule">The kind of departure (<see cref="ContractRules"/>).</param>
/// <param name="Where">Where: a JSON pointer into the body, or the header's name.</param>
/// <param name="Message">What the document says and what came instead.</param>
public sealed record ContractViolation(string Method, string Path, int Status, string Operation, string Rule, string Where, string Message)
{
    public override string ToString() =>
        $"{Method} {Path} -> {Status} (documented as {Operation}): [{Rule}] at '{Where}': {Message}";
}

/// <summary>The kinds of departure the validator reports.</summary>
public static class ContractRules
{
    public const string UndocumentedOperation = "undocumented-operation";
    public const string UndocumentedStatus = "undocumented-status";
    public const string MediaType = "media-type";
    public const string MissingBody = "missing-body";
    public const string UnreadableBody = "unreadable-body";
    public const string Schema = "schema";
    public const string MissingHeader = "missing-header";
    public const string UndocumentedHeader = "undocumented-header";
    public const string HeaderValue = "header-value";
}

/// <summary>
/// The committed OpenAPI document as a response validator: the operation (path template and method), the status,
/// the media type, the headers and the JSON body of a response are checked against what the document says. Schemas are
/// evaluated by JsonSchema.Net as JSON Schema 2020-12, read strictly by the document's own version: an OpenAPI 3.1
/// schema is JSON Schema 2020-12 already (<c>nullable</c> is no keyword there); an OpenAPI 3.0 schema is translated
/// (<c>nullable: true</c> adds <c>"null"</c> to the <c>type</c> of the same schema and does nothing without one, nor
/// against an <c>enum</c> that does not list null, as OpenAPI 3.0.3 clarified; a boolean <c>exclusiveMinimum</c> becomes a
/// numeric one; whatever stands beside a <c>$ref</c> is ignored). Either way <c>$ref</c>s point into one registered
/// document of the components.
/// </summary>
public sealed class OpenApiContract
{
    /// <summary>
    /// Response headers a client relies on: when a response carries one, the document must declare it for that response
    /// (status) of that operation. Content-Type is checked as the media type, not here.
    /// </summary>
    public static readonly IReadOnlyList<string> ReliedOnHeaders =
    [
        "ETag", "Location", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
        "Deprecation", "Sunset", "Link", "Content-Disposition", "Idempotency-Replayed",
    ];

    /// <summary>The problem document any response outside the document (an unknown route or method) must be.</summary>
    public const string ProblemMediaType = "application/problem+json";

    private const string ComponentsId = "https://coordination.example/contract/components";
    private const string ComponentPrefix = "#/components/schemas/";
    private const string Dialect = "https://json-schema.org/draft/2020-12/schema";

    /// <summary>Formats JsonSchema.Net checks and the document uses; the others (int32, int64, double, binary) are bounds or prose.</summary>
    private static readonly HashSet<string> CheckedFormats = new(StringComparer.Ordinal) { "date", "date-time", "uuid", "uri-reference", "uri", "email" };

    private static readonly Lazy<OpenApiContract> CommittedDocument = new(() =>
        new OpenApiContract(File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json"))));

    /// <summary>OpenAPI 3.1: schemas are JSON Schema 2020-12 as they stand. OpenAPI 3.0: its own schema dialect.</summary>
    private readonly bool isJsonSchema;
    private readonly JsonElement paths;
    private readonly List<Template> templates;
    private readonly BuildOptions buildOptions;
    private readonly ConcurrentDictionary<string, Lazy<JsonSchema>> schemas = new(StringComparer.Ordinal);
    private readonly EvaluationOptions evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private readonly JsonElement problemSchema;
    private int responseSchemaCount;
    private long bodiesValidated;

    public OpenApiContract(string openApiJson)
    {
        var document = JsonDocument.Parse(openApiJson).RootElement.Clone();
        var version = document.GetProperty("openapi").GetString() ?? "";
        isJsonSchema = version.StartsWith("3.1.", StringComparison.Ordinal)
            || (version.StartsWith("3.0.", StringComparison.Ordinal) ? false : throw new NotSupportedException($"OpenAPI {version}: only 3.0 and 3.1 documents are read"));
        paths = document.GetProperty("paths");
        templates = [.. paths.EnumerateObject().Select(p => new Template(p.Name))];
        buildOptions = new BuildOptions { SchemaRegistry = new SchemaRegistry() };

        var defs = new JsonObject();
        if (document.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var componentSchemas))
        {
            foreach (var schema in componentSchemas.EnumerateObject())
            {
                defs[schema.Name] = Translate(schema.Value);
            }
        }

        var root = new JsonObject { ["$schema"] = Dialect, ["$id"] = ComponentsId, ["$defs"] = defs };
        var built = JsonSchema.Build(JsonSerializer.SerializeToElement(root), buildOptions, new Uri(ComponentsId));
        buildOptions.SchemaRegistry.Register(new Uri(ComponentsId), built);
        problemSchema = JsonSerializer.SerializeToElement(new JsonObject { ["$ref"] = ComponentPrefix + "ProblemDetails" });
    }

    /// <summary>The document's version is 3.1 (JSON Schema 2020-12), not 3.0.</summary>
    public bool IsOpenApi31 => isJsonSchema;

    /// <summary>
    /// Whether a JSON <c>null</c> conforms to the schema (any schema of the document, <c>$ref</c>s into its components
    /// resolved) under the strict rules of the document's version: what a validating client or proxy would accept.
    /// </summary>
    public bool AllowsNull(JsonElement schema)
    {
        var compiled = schemas.GetOrAdd("null-check " + schema.GetRawText(), _ => new Lazy<JsonSchema>(() => Compile(schema))).Value;
        using var nothing = JsonDocument.Parse("null");
        return compiled.Evaluate(nothing.RootElement, evaluation).IsValid;
    }

    /// <summary>How many JSON bodies (or JSON lines) were evaluated against their schema.</summary>
    public long BodiesValidated => Interlocked.Read(ref bodiesValidated);

    /// <summary>The committed <c>api/openapi/v1.json</c>, read once.</summary>
    public static OpenApiContract Committed => CommittedDocument.Value;

    /// <summary>
    /// Checks one response. Reads the body when it is JSON (the caller must have buffered it, or the content must allow a
    /// second read). HEAD is held to the GET operation: same status and headers, no body.
    /// </summary>
    public async Task<IReadOnlyList<ContractViolation>> CheckAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        var violations = new List<ContractViolation>();
        var method = request.Method.Method.ToUpperInvariant();
        var uri = request.RequestUri ?? throw new InvalidOperationException("A request without a URI.");
        var pathAndQuery = uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
        var path = pathAndQuery.Split('?', 2)[0];
        var status = (int)response.StatusCode;
        var isHead = method == "HEAD";
        var documentedMethod = isHead ? "get" : method.ToLowerInvariant();

        var template = Match(path);
        JsonElement operation = default;
        var found = template is not null
            && paths.GetProperty(template.Text).TryGetProperty(documentedMethod, out operation);
        var operationName = found ? $"{documentedMethod.ToUpperInvariant()} {template!.Text}" : "(none)";

        void Report(string rule, string pointer, string message) =>
            violations.Add(new ContractViolation(method, pathAndQuery, status, operationName, rule, pointer, message));

        if (!found)
        {
            // Outside the document: an unknown route (404), a method the route does not have (405), or a body over the size
            // limit (413, checked before routing). The document cannot describe these, but the README promises that every
            // error is a problem document, so it must be one.
            if (status is not (404 or 405 or 413))
            {
                Report(ContractRules.UndocumentedOperation, "", template is null
                    ? $"no path of the document matches '{path}', yet the answer is {status} (only 404, 405 or 413 problem documents may answer outside it)"
                    : $"'{template.Text}' has no {method} operation, yet the answer is {status} (only 404, 405 or 413 problem documents may answer outside it)");
                return violations;
            }

            await CheckBody(ProblemMediaType, problemSchema, "problem:outside", isHead, response, Report, cancellationToken);
            return violations;
        }

        var responses = operation.GetProperty("responses");
        var key = status.ToString(CultureInfo.InvariantCulture);
        if (!responses.TryGetProperty(key, out var documented)
            && !responses.TryGetProperty($"{key[0]}XX", out documented)
            && !responses.TryGetProperty("default", out documented))
        {
            Report(ContractRules.UndocumentedStatus, "", $"status {status} is not documented; documented: {string.Join(", ", responses.EnumerateObject().Select(r => r.Name))}"
                + $"{Environment.NewLine}body: {await Excerpt(response, cancellationToken)}");
            return violations;
        }

        CheckHeaders(documented, response, Report);

        var mediaTypes = documented.TryGetProperty("content", out var content) ? content.EnumerateObject().ToList() : [];
        var actual = response.Content.Headers.ContentType?.MediaType;
        if (actual is null)
        {
            if (mediaTypes.Count > 0 && !isHead && status != 304 && await HasBody(response, cancellationToken))
            {
                Report(ContractRules.MediaType, "Content-Type", $"a body without a Content-Type; documented: {string.Join(", ", mediaTypes.Select(m => m.Name))}");
            }
            else if (mediaTypes.Count > 0 && !isHead && !await HasBody(response, cancellationToken))
            {
                Report(ContractRules.MissingBody, "", $"no body, but the document promises {string.Join(", ", mediaTypes.Select(m => m.Name))}");
            }

            return violations;
        }

        var media = mediaTypes.FirstOrDefault(m => string.Equals(m.Name, actual, StringComparison.OrdinalIgnoreCase));
        if (media.Value.ValueKind == JsonValueKind.Undefined)
        {
            Report(ContractRules.MediaType, "Content-Type", mediaTypes.Count == 0
                ? $"'{actual}' sent, but the document declares no content for {status}"
                : $"'{actual}' is not among the documented media types for {status}: {string.Join(", ", mediaTypes.Select(m => m.Name))}");
            return violations;
        }

        if (actual.Equals("application/x-ndjson", StringComparison.OrdinalIgnoreCase) && media.Value.TryGetProperty("x-item-schema", out var itemSchema))
        {
            await CheckLines(itemSchema, $"{operationName} {key} {actual} item", isHead, response, Report, cancellationToken);
        }
        else if (media.Value.TryGetProperty("schema", out var schema))
        {
            await CheckBody(actual, schema, $"{operationName} {key} {actual}", isHead, response, Report, cancellationToken);
        }

        return violations;
    }

    /// <summary>
    /// Compiles and runs the schema of every JSON response of the document (a <c>$ref</c> that does not resolve throws),
    /// and returns how many there are.
    /// </summary>
    public int CompileEveryResponseSchema()
    {
        var count = 0;
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("responses", out _)))
            {
                foreach (var response in operation.Value.GetProperty("responses").EnumerateObject())
                {
                    if (!response.Value.TryGetProperty("content", out var content))
                    {
                        continue;
                    }

                    foreach (var media in content.EnumerateObject().Where(m => IsJson(m.Name) && m.Value.TryGetProperty("schema", out _)))
                    {
                        var key = $"{operation.Name.ToUpperInvariant()} {path.Name} {response.Name} {media.Name}";
                        var schema = media.Value.GetProperty("schema");
                        var compiled = schemas.GetOrAdd(key, _ => new Lazy<JsonSchema>(() => Compile(schema))).Value;
                        _ = compiled.Evaluate(JsonDocument.Parse("{}").RootElement, evaluation);
                        count++;
                    }
                }
            }
        }

        return count;
    }

    /// <summary>
    /// Checks a JSON request body against the <c>application/json</c> schema the document gives the operation's request
    /// body (<paramref name="method"/> and path <paramref name="template"/> as the document writes them): the failures,
    /// none when the body conforms.
    /// </summary>
    public IReadOnlyList<string> CheckRequestBody(string method, string template, JsonElement body)
    {
        var schema = paths.GetProperty(template).GetProperty(method.ToLowerInvariant()).GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var compiled = schemas.GetOrAdd($"{method.ToUpperInvariant()} {template} request", _ => new Lazy<JsonSchema>(() => Compile(schema))).Value;
        var results = compiled.Evaluate(body, evaluation);
        return results.IsValid ? [] : [.. Failures(results).Select(f => $"{f.Pointer}: {f.Message} (schema: {f.SchemaPath})")];
    }

    /// <summary>The documented path template a request path falls under; literal segments win over parameters.</summary>
    public string? MatchTemplate(string path) => Match(path)?.Text;

    private Template? Match(string path)
    {
        // ASP.NET Core routing answers "/x/" as "/x": the response is that operation's, and is held to it.
        var segments = (path.Length > 1 ? path.TrimEnd('/') : path).Split('/');
        return templates.Where(t => t.Matches(segments)).OrderByDescending(t => t.LiteralCount).FirstOrDefault();
    }

    private static void CheckHeaders(JsonElement documented, HttpResponseMessage response, Action<string, string, string> report)
    {
        var declared = documented.TryGetProperty("headers", out var headers)
            ? headers.EnumerateObject().ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);

        foreach (var (name, header) in declared)
        {
            var value = HeaderValue(response, name);
            if (value is null)
            {
                if (header.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True)
                {
                    report(ContractRules.MissingHeader, name, $"the document requires the header '{name}' on this response; it is absent");
                }

                continue;
            }

            if (header.TryGetProperty("schema", out var schema) && schema.TryGetProperty("type", out var type) && type.GetString() == "integer")
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                    || (schema.TryGetProperty("minimum", out var min) && number < min.GetDouble())
                    || (schema.TryGetProperty("maximum", out var max) && number > max.GetDouble()))
                {
                    report(ContractRules.HeaderValue, name, $"'{value}' is not an integer within the documented bounds");
                }
            }
        }

        foreach (var name in ReliedOnHeaders)
        {
            if (!declared.ContainsKey(name) && HeaderValue(response, name) is { } value)
            {
                report(ContractRules.UndocumentedHeader, name, $"the response carries '{name}: {value}', which the document does not declare for this status");
            }
        }
    }

    private static string? HeaderValue(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    private async Task CheckBody(string mediaType, JsonElement schema, string cacheKey, bool isHead,
        HttpResponseMessage response, Action<string, string, string> report, CancellationToken cancellationToken)
    {
        if (isHead)
        {
            if ((await response.Content.ReadAsByteArrayAsync(cancellationToken)).Length > 0)
            {
                report(ContractRules.Schema, "", "a HEAD response with a body");
            }

            return;
        }

        if (cacheKey == "problem:outside")
        {
            var actual = response.Content.Headers.ContentType?.MediaType;
            if (!string.Equals(actual, ProblemMediaType, StringComparison.OrdinalIgnoreCase))
            {
                report(ContractRules.MediaType, "Content-Type", $"'{actual ?? "(none)"}' outside the document; every error must be {ProblemMediaType}");
                return;
            }
        }

        var json = IsJson(mediaType);
        if (!json)
        {
            return; // text/csv, text/calendar, XLSX and other files: the media type is the contract; they stream.
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonElement body;
        try
        {
            using var parsed = JsonDocument.Parse(text);
            body = parsed.RootElement.Clone();
        }
        catch (JsonException e)
        {
            report(ContractRules.UnreadableBody, "", $"the {mediaType} body is not JSON ({e.Message}): {Shorten(text)}");
            return;
        }

        var compiled = schemas.GetOrAdd(cacheKey, _ => new Lazy<JsonSchema>(() => Compile(schema))).Value;
        Interlocked.Increment(ref bodiesValidated);
        var results = compiled.Evaluate(body, evaluation);
        if (results.IsValid)
        {
            return;
        }

        foreach (var failure in Failures(results).Take(20))
        {
            report(ContractRules.Schema, failure.Pointer, $"{failure.Message} (schema: {failure.SchemaPath}; value: {Shorten(Value(body, failure.Pointer))})");
        }
    }

    /// <summary>JSON lines: each line a JSON value of the item schema (the document's <c>x-item-schema</c>).</summary>
    private async Task CheckLines(JsonElement itemSchema, string cacheKey, bool isHead, HttpResponseMessage response,
        Action<string, string, string> report, CancellationToken cancellationToken)
    {
        if (isHead)
        {
            return;
        }

        var lines = (await response.Content.ReadAsStringAsync(cancellationToken)).Split('\n');
        var compiled = schemas.GetOrAdd(cacheKey, _ => new Lazy<JsonSchema>(() => Compile(itemSchema))).Value;
        var reported = 0;
        for (var index = 0; index < lines.Length && reported < 20; index++)
        {
            if (lines[index].Length == 0)
            {
                continue;
            }

            JsonElement line;
            try
            {
                using var parsed = JsonDocument.Parse(lines[index]);
                line = parsed.RootElement.Clone();
            }
            catch (JsonException e)
            {
                report(ContractRules.UnreadableBody, $"line {index + 1}", $"not JSON ({e.Message}): {Shorten(lines[index])}");
                reported++;
                continue;
            }

            Interlocked.Increment(ref bodiesValidated);
            var results = compiled.Evaluate(line, evaluation);
            if (!results.IsValid)
            {
                foreach (var failure in Failures(results).Take(5))
                {
                    report(ContractRules.Schema, $"line {index + 1}{failure.Pointer}", $"{failure.Message} (schema: {failure.SchemaPath}; value: {Shorten(Value(line, failure.Pointer))})");
                    reported++;
                }
            }
        }
    }

    private static bool IsJson(string mediaType) =>
        mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> HasBody(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } length)
        {
            return length > 0;
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return bytes.Length > 0;
    }

    private static async Task<string> Excerpt(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        return type is not null && (IsJson(type) || type.StartsWith("text/plain", StringComparison.Ordinal))
            ? Shorten(await response.Content.ReadAsStringAsync(cancellationToken))
            : $"({type ?? "no content type"})";
    }

    private JsonSchema Compile(JsonElement schema)
    {
        var translated = Translate(schema);
        translated["$schema"] = Dialect;
        var id = new Uri($"https://coordination.example/contract/responses/{Interlocked.Increment(ref responseSchemaCount)}");
        translated["$id"] = id.ToString();
        lock (buildOptions)
        {
            return JsonSchema.Build(JsonSerializer.SerializeToElement(translated), buildOptions, id);
        }
    }

    /// <summary>The failures of the evaluation, deepest first, without the bookkeeping of the combinators above them.</summary>
    private static IEnumerable<(string Pointer, string SchemaPath, string Message)> Failures(EvaluationResults results)
    {
        results.ToList();
        var details = (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).ToList();
        if (details.Count == 0 && results.Errors is { Count: > 0 })
        {
            details.Add(results);
        }

        return details
            .SelectMany(d => d.Errors!.Select(e => (Pointer: d.InstanceLocation.ToString(), SchemaPath: $"{d.EvaluationPath}/{e.Key}", Message: $"{e.Key}: {e.Value}")))
            .Distinct();
    }

    private static string Value(JsonElement body, string pointer)
    {
        var current = body;
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return "(absent)";
            }
        }

        return current.GetRawText();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>A schema object of the document as JSON Schema 2020-12, read by the document's version.</summary>
    private JsonObject Translate(JsonElement schema)
    {
        var result = new JsonObject();
        if (schema.ValueKind == JsonValueKind.True || schema.ValueKind == JsonValueKind.False)
        {
            return schema.ValueKind == JsonValueKind.True ? result : new JsonObject { ["not"] = new JsonObject() };
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = reference.GetString()!;
            result["$ref"] = target.StartsWith(ComponentPrefix, StringComparison.Ordinal)
                ? $"{ComponentsId}#/$defs/{target[ComponentPrefix.Length..]}"
                : throw new NotSupportedException($"A $ref outside the component schemas: {target}");
            if (!isJsonSchema)
            {
                return result; // OpenAPI 3.0 ignores everything beside a $ref; in 3.1 (JSON Schema) its siblings apply too.
            }
        }

        var nullable = false;
        foreach (var property in schema.EnumerateObject())
        {
            switch (property.Name)
            {
                case "nullable":
                    // An OpenAPI 3.0 keyword; OpenAPI 3.1 has none (null is a type there), so a 3.1 reader ignores it.
                    nullable = !isJsonSchema && property.Value.ValueKind == JsonValueKind.True;
                    break;
                case "properties":
                    result["properties"] = new JsonObject(property.Value.EnumerateObject()
                        .Select(p => KeyValuePair.Create(p.Name, (JsonNode?)Translate(p.Value))));
                    break;
                case "items" or "not":
                    result[property.Name] = Translate(property.Value);
                    break;
                case "additionalProperties":
                    result[property.Name] = property.Value.ValueKind == JsonValueKind.Object
                        ? Translate(property.Value)
                        : JsonNode.Parse(property.Value.GetRawText());
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    result[property.Name] = new JsonArray([.. property.Value.EnumerateArray().Select(s => (JsonNode)Translate(s))]);
                    break;
                case "exclusiveMinimum" or "exclusiveMaximum":
                    if (property.Value.ValueKind == JsonValueKind.True && !isJsonSchema)
                    {
                        var bound = property.Name == "exclusiveMinimum" ? "minimum" : "maximum";
                        if (schema.TryGetProperty(bound, out var value))
                        {
                            result[property.Name] = JsonNode.Parse(value.GetRawText());
                        }
                    }
                    else if (property.Value.ValueKind == JsonValueKind.Number)
                    {
                        result[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                    }

                    break;
                case "minimum" or "maximum":
                    var exclusive = property.Name == "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
                    if (isJsonSchema || !(schema.TryGetProperty(exclusive, out var flag) && flag.ValueKind == JsonValueKind.True))
                    {
                        result[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                    }

                    break;
                case "format":
                    if (CheckedFormats.Contains(property.Value.GetString() ?? ""))
                    {
                        result["format"] = property.Value.GetString();
                    }

                    break;
                case "type" or "enum" or "const" or "required" or "minLength" or "maxLength" or "pattern" or "minItems" or "maxItems"
                    or "uniqueItems" or "minProperties" or "maxProperties" or "multipleOf":
                    result[property.Name] = JsonNode.Parse(property.Value.GetRawText());
                    break;
                default:
                    break; // description, example(s), readOnly, writeOnly, deprecated, discriminator, x-*: annotations only.
            }
        }

        // OpenAPI 3.0.3: nullable adds "null" to the type of the same schema, and only there; an enum keeps its own list.
        if (nullable && result["type"] is JsonValue type)
        {
            result["type"] = new JsonArray(type.GetValue<string>(), "null");
        }

        return result;
    }

    private sealed class Template(string text)
    {
        private readonly string[] segments = text.Split('/');

        public string Text { get; } = text;

        public int LiteralCount { get; } = text.Split('/').Count(s => !s.StartsWith('{'));

        public bool Matches(string[] path) =>
            path.Length == segments.Length
            && segments.Zip(path).All(pair => pair.First.StartsWith('{') && pair.First.EndsWith('}')
                ? pair.Second.Length > 0
                : string.Equals(pair.First, pair.Second, StringComparison.Ordinal));
    }
}
