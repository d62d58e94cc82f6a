using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Tests.Features.Robustness.HostileInput;
using CoordinationApi.Tests.Infrastructure;
using CoordinationApi.Tests.Infrastructure.Contract;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// The document's vocabularies and nullability, checked against the C# that answers: every vocabulary is an
/// <c>enum</c> equal to its one C# definition, a value outside it is a 400 naming the field, and every property is
/// <c>nullable</c> exactly when its C# type lets it be null (and required when it cannot be).
/// </summary>
public sealed class VocabularyAndNullabilityTests() : ApiTest("Sqlite")
{
    private const string Unlisted = "not_a_listed_value";

    /// <summary>Names that always hold a vocabulary, wherever they occur in the document.</summary>
    private static readonly string[] VocabularyNames =
    [
        "status", "classification", "clearance", "priority", "recurrence", "roles", "scopes", "lang", "format", "sort",
        "result", "baselineResult", "to", "fromStatus", "toStatus", "allowedTransitions", "kind", "tier", "op", "origin",
        "change", "actorType", "actorKind", "createdByKind", "evaluatedByKind", "reviewKind", "tokenType",
    ];

    /// <summary>Properties of those names that are not one closed vocabulary, and why.</summary>
    private static readonly string[] NotAVocabulary =
    [
        "Reminder.status", // a review's or a task's status, by the reminder's kind: the union of two vocabularies
    ];

    private static readonly Assembly Api = typeof(VocabularyAttribute).Assembly;
    private static readonly NullabilityInfoContext Nullability = new();
    private JsonObject document = null!;
    private OpenApiOperations api = null!;
    private OpenApiContract contract = null!;

    [OneTimeSetUp]
    public async Task Read()
    {
        var served = await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative));
        document = JsonNode.Parse(served)!.AsObject();
        api = new OpenApiOperations(document);
        contract = new OpenApiContract(served);
    }

    private JsonObject Schemas => document["components"]!["schemas"]!.AsObject();

    [Test]
    public void Every_property_with_a_vocabulary_lists_exactly_its_csharp_definition()
    {
        var checkedCount = 0;
        var failures = new List<string>();
        foreach (var (type, property, vocabulary) in VocabularyProperties())
        {
            var name = SchemaName(type);
            if (Schemas[name]?["properties"]?[JsonNamingPolicy.CamelCase.ConvertName(property.Name)] is not JsonObject schema)
            {
                continue; // a query record: checked by the parameter test below
            }

            checkedCount++;
            // Null, where allowed, is the nullable wrapper's (checked below), never a value of the shared vocabulary.
            var expected = vocabulary.Values.Select(v => (string?)v).ToList();
            var listed = Enum(schema);
            if (listed is null || !listed.SequenceEqual(expected))
            {
                failures.Add($"{name}.{property.Name}: document [{string.Join(", ", listed ?? [])}], C# [{string.Join(", ", expected)}]");
            }
        }

        Assert.That(checkedCount, Is.GreaterThan(40), "the walk reaches the DTOs' vocabularies");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void Every_enum_of_the_document_is_a_csharp_vocabulary_and_every_vocabulary_name_has_one()
    {
        var definitions = VocabularyProperties().Select(p => string.Join("|", p.Vocabulary.Values)).ToHashSet();
        var found = new List<(string Where, JsonObject Schema)>();
        foreach (var (name, schema) in Schemas)
        {
            foreach (var (property, value) in schema?["properties"]?.AsObject() ?? [])
            {
                found.Add(($"{name}.{property}", api.Resolve(value!.AsObject())));
            }
        }

        foreach (var operation in api.Operations)
        {
            found.AddRange(operation.InQuery.Select(p => ($"{operation.Name} ?{p.Name}", p.Schema)));
        }

        var failures = new List<string>();
        foreach (var (where, schema) in found)
        {
            var listed = Enum(schema);
            var name = where[(where.LastIndexOfAny(['.', '?']) + 1)..];
            if (listed is null && VocabularyNames.Contains(name) && !NotAVocabulary.Contains(where) && IsText(schema))
            {
                failures.Add($"{where}: a vocabulary without an enum");
            }
            else if (listed is not null && !definitions.Contains(string.Join("|", listed.OfType<string>())))
            {
                failures.Add($"{where}: [{string.Join(", ", listed)}] is no C# vocabulary");
            }
        }

        Assert.That(found.Count(f => Enum(f.Schema) is not null), Is.GreaterThan(50), "the document lists vocabularies");
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public async Task Every_query_vocabulary_accepts_its_values_and_refuses_another_with_a_400_naming_it()
    {
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in api.Operations.Where(o => o.Method == "GET"))
        {
            foreach (var parameter in operation.InQuery)
            {
                if (Enum(parameter.Schema) is not { } values)
                {
                    continue;
                }

                foreach (var value in values.OfType<string>().Append(Unlisted))
                {
                    sent++;
                    var url = $"{Fill(operation)}?{Required(operation, parameter.Name)}{parameter.Name}={Uri.EscapeDataString(value)}";
                    using var response = await CallerFor(operation).GetAsync(new Uri(url, UriKind.Relative));
                    var body = await response.Content.ReadAsStringAsync();
                    var refused = response.StatusCode == HttpStatusCode.BadRequest && NamesField(body, parameter.Name);
                    if (value == Unlisted ? !refused : refused || (int)response.StatusCode >= 500)
                    {
                        failures.Add($"GET {url} -> {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
                    }
                }
            }
        }

        Assert.That(sent, Is.GreaterThan(40));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    [Test]
    public async Task Every_body_vocabulary_refuses_a_value_outside_it_with_a_400_naming_the_field()
    {
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in api.Operations.Where(o => o.BodySchema is not null))
        {
            foreach (var (path, isList) in BodyVocabularies(operation.BodySchema!, [], 0))
            {
                sent++;
                var key = string.Concat(path.Select((segment, i) => segment == "[]" ? "[0]" : i == 0 ? segment : "." + segment));
                var value = JsonSerializer.Serialize(Unlisted);
                using var message = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(Fill(operation), UriKind.Relative))
                {
                    Content = new StringContent(api.SkeletonWith(operation.BodySchema!, path, System.Text.Json.Nodes.JsonNode.Parse(isList ? $"[{value}]" : value))!.ToJsonString(), Encoding.UTF8, "application/json"),
                };
                if (operation.Method is "PUT" or "DELETE")
                {
                    message.Headers.TryAddWithoutValidation("If-Match", "*");
                }

                using var response = await CallerFor(operation).SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !NamesField(body, key))
                {
                    failures.Add($"{operation.Name} {key} -> {(int)response.StatusCode} {body[..Math.Min(300, body.Length)]}");
                }
            }
        }

        Assert.That(failures, Is.Empty, string.Join("\n", failures));
        Assert.That(sent, Is.GreaterThan(15));
    }

    /// <summary>
    /// Each vocabulary is declared once, as a component schema, and referenced: a generated client gets one type per
    /// vocabulary (one <c>TaskStatus</c>, not <c>Task_status</c>, <c>TaskSummary_status</c>, ...).
    /// </summary>
    [Test]
    public void Every_enum_is_a_shared_component_referenced_by_ref_and_no_two_components_list_the_same_values()
    {
        var components = Schemas.Where(s => s.Value?["enum"] is not null).ToDictionary(s => s.Key, s => s.Value!.AsObject());
        var failures = new List<string>();
        var referenced = new HashSet<string>();
        Walk(document, "#", inComponentRoot: false);

        void Walk(JsonNode? node, string where, bool inComponentRoot)
        {
            switch (node)
            {
                case JsonObject o:
                    if (o["enum"] is not null && !inComponentRoot)
                    {
                        failures.Add($"{where}: an inline enum, not a shared component");
                    }

                    if ((string?)o["$ref"] is { } target && target.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        referenced.Add(target["#/components/schemas/".Length..]);
                    }

                    foreach (var (key, child) in o)
                    {
                        var path = $"{where}/{key}";
                        Walk(child, path, path.StartsWith("#/components/schemas/", StringComparison.Ordinal) && path.Count(c => c == '/') == 3);
                    }

                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        Walk(a[i], $"{where}/{i}", inComponentRoot: false);
                    }

                    break;
            }
        }

        foreach (var (name, schema) in components)
        {
            if (!referenced.Contains(name))
            {
                failures.Add($"{name}: declared but never referenced");
            }

            if ((string?)schema["type"] != "string" || schema["enum"]!.AsArray().Any(v => v is null))
            {
                failures.Add($"{name}: not a string enum without null");
            }
        }

        foreach (var same in components.GroupBy(c => string.Join("|", c.Value["enum"]!.AsArray().Select(v => (string?)v).Order(StringComparer.Ordinal))).Where(g => g.Count() > 1))
        {
            failures.Add($"{string.Join(", ", same.Select(c => c.Key))}: the same values twice");
        }

        var definitions = VocabularyProperties().Select(p => p.Vocabulary.SchemaName).ToHashSet();
        Assert.That(components.Keys, Is.EquivalentTo(definitions), "one component per C# vocabulary in use");
        Assert.That(components, Has.Count.GreaterThan(15));
        Assert.That(failures, Is.Empty, string.Join("\n", failures));
    }

    /// <summary>The client Kiota generated at build from the committed document has exactly one enum type per vocabulary.</summary>
    [Test]
    public void The_kiota_client_has_one_enum_type_per_vocabulary_named_as_the_component()
    {
        var committed = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json")))!["components"]!["schemas"]!.AsObject();
        var vocabularies = committed.Where(s => s.Value?["enum"] is not null).Select(s => s.Key).ToList();
        var generated = typeof(CoordinationApi.Client.CoordinationClient).Assembly.GetTypes()
            .Where(t => t.IsEnum && t.Namespace?.StartsWith("CoordinationApi.Client", StringComparison.Ordinal) == true)
            .ToList();
        Assert.That(generated.Select(t => t.FullName), Is.EquivalentTo(vocabularies.Select(v => $"CoordinationApi.Client.Models.{v}")));
    }

    [Test]
    public void Every_property_is_nullable_in_the_document_exactly_when_csharp_lets_it_be_null()
    {
        var types = Api.GetTypes().Where(t => t.IsPublic && !t.IsGenericType).GroupBy(SchemaName).ToDictionary(g => g.Key, g => g.ToList());
        var failures = new List<string>();
        var compared = 0;
        foreach (var (name, node) in Schemas)
        {
            if (node?["properties"] is not JsonObject properties || !types.TryGetValue(name, out var candidates) || candidates.Count != 1)
            {
                continue;
            }

            var required = node["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            foreach (var (propertyName, value) in properties)
            {
                var property = candidates[0].GetProperty(propertyName, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is null || property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
                {
                    continue;
                }

                compared++;
                var nullable = IsNullable(property);
                // As a strict reader of the document's OpenAPI version reads it (a schema of any JSON allows null too).
                var documented = contract.AllowsNull(JsonSerializer.SerializeToElement(value));
                if (documented != nullable)
                {
                    failures.Add($"{name}.{propertyName}: C# {(nullable ? "nullable" : "non-null")}, document nullable={documented}");
                }

                if (!nullable && !required.Contains(propertyName))
                {
                    failures.Add($"{name}.{propertyName}: never null in C#, yet not required in the document");
                }
            }
        }

        Assert.That(compared, Is.GreaterThan(300), "the walk reaches the DTOs' properties");
        Assert.That(failures, Is.Empty);
    }

    /// <summary>The two found in issue 17 (RegulationManagementTests and ReviewTests see them null at run time).</summary>
    [Test]
    public void A_regulation_without_a_version_and_a_plan_item_not_yet_created_are_documented_nullable()
    {
        Assert.That(contract.AllowsNull(JsonSerializer.SerializeToElement(Schemas["RegulationDetail"]!["properties"]!["currentVersion"])), Is.True);
        Assert.That(contract.AllowsNull(JsonSerializer.SerializeToElement(Schemas["PlanItem"]!["properties"]!["task"])), Is.True);
    }

    private IEnumerable<(List<string> Path, bool IsList)> BodyVocabularies(JsonObject schema, List<string> path, int depth)
    {
        schema = api.Resolve(schema);
        if (depth > 6)
        {
            yield break;
        }

        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, property) in properties.Where(p => !OpenApiOperations.IsIgnored(p.Value)))
            {
                foreach (var found in BodyVocabularies(property!.AsObject(), [.. path, name], depth + 1))
                {
                    yield return found;
                }
            }
        }
        else if (schema["enum"] is not null)
        {
            yield return (path, false);
        }
        else if (schema["items"] is JsonObject items)
        {
            var item = api.Resolve(items);
            if (item["enum"] is not null)
            {
                yield return (path, true);
            }
            else
            {
                foreach (var found in BodyVocabularies(item, [.. path, "[]"], depth + 1))
                {
                    yield return found;
                }
            }
        }
    }

    private static IEnumerable<(Type Type, PropertyInfo Property, VocabularyAttribute Vocabulary)> VocabularyProperties() =>
        from type in Api.GetTypes()
        where type.IsPublic
        from property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        let vocabulary = VocabularyAttribute.Of(property)
        where vocabulary is not null
        select (type, property, vocabulary);

    /// <summary>The schema's enum, or its items' enum for a list.</summary>
    private List<string?>? Enum(JsonObject schema)
    {
        schema = api.Resolve(schema);
        var values = schema["enum"] as JsonArray ?? (schema["items"] is JsonObject items ? api.Resolve(items)["enum"] as JsonArray : null);
        return values?.Select(v => v?.GetValue<string>()).ToList();
    }

    private bool IsText(JsonObject schema) => (SchemaTypes.Of(schema) == "string" && schema["format"] is null)
        || (SchemaTypes.Of(schema) == "array" && schema["items"] is JsonObject items && SchemaTypes.Of(api.Resolve(items)) == "string");

    private static bool IsNullable(PropertyInfo property) =>
        Nullable.GetUnderlyingType(property.PropertyType) is not null
        || (!property.PropertyType.IsValueType && Nullability.Create(property).ReadState == NullabilityState.Nullable);

    /// <summary>As the API names its schemas: without the Dto suffix.</summary>
    private static string SchemaName(Type type) => type.Name.Replace("Dto", "", StringComparison.Ordinal);

    /// <summary>A field error for the field, or for an item of it (<c>status[0]</c>).</summary>
    private static bool NamesField(string body, string field)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors)
                && errors.EnumerateObject().Any(e => e.Name == field || e.Name.StartsWith(field + "[", StringComparison.Ordinal));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The path with plausible values: ids 1, agency MPS, a provision of the text.</summary>
    private static string Fill(ApiOperation operation)
    {
        var path = operation.PathTemplate;
        foreach (var p in operation.InPath)
        {
            var filled = (string?)p.Schema["format"] == "uuid" ? Guid.Empty.ToString()
                : (string?)p.Schema["type"] == "integer" ? "1"
                : p.Name == "code" ? "MPS"
                : "chp_1__art_1";
            path = path.Replace("{" + p.Name + "}", filled, StringComparison.Ordinal);
        }

        return path;
    }

    /// <summary>The operation's other required query values, so the one under test reaches the validator.</summary>
    private static string Required(ApiOperation operation, string except) => string.Concat(operation.InQuery
        .Where(p => p.Required && p.Name != except)
        .Select(p => $"{p.Name}={((string?)p.Schema["type"] == "integer" ? "1" : "x")}&"))
        + (operation.OperationId == "Search" ? "q=an%20ninh&" : "");

    private HttpClient CallerFor(ApiOperation operation) =>
        As(RegistryPaths.Registrar(operation.PathTemplate) ?? ((operation.PathTemplate.StartsWith("/api/v1/admin", StringComparison.Ordinal) || operation.PathTemplate.StartsWith("/api/v1/webhooks", StringComparison.Ordinal)) ? "mps.admin"
            : operation.PathTemplate.Contains("/audit", StringComparison.Ordinal) ? "mps.auditor"
            : "mps.coordinator"));
}
