using System.Text.Json.Nodes;

namespace CoordinationApi.Tests.Infrastructure.Contract;

/// <summary>
/// A schema's <c>type</c> as the document writes it: one name, or (OpenAPI 3.1) a list where a nullable value has
/// <c>"null"</c> beside its type (<c>["null", "string"]</c>).
/// </summary>
public static class SchemaTypes
{
    /// <summary>The type other than <c>"null"</c>: <c>string</c> for <c>"string"</c> and for <c>["null", "string"]</c>; null when none is given.</summary>
    public static string? Of(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue one => one.GetValue<string>(),
        JsonArray many => many.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    /// <summary>
    /// The schema a nullable reference wraps (OpenAPI 3.1 <c>oneOf: [{$ref}, {type: "null"}]</c>), or null when the schema
    /// is no such wrapper.
    /// </summary>
    public static JsonObject? NullableWrapped(JsonNode? schema) =>
        schema?["oneOf"] is JsonArray { Count: 2 } branches && branches.Count(IsNull) == 1
            ? branches.First(b => !IsNull(b))!.AsObject()
            : null;

    private static bool IsNull(JsonNode? schema) => schema is JsonObject { Count: 1 } only && only["type"] is JsonValue type && type.GetValue<string>() == "null";
}
