using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure.Contract;
using CsCheck;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>One generated request: which caller sends it, and the exact bytes of its URL, headers and body.</summary>
public sealed record HostileRequest(
    ApiOperation Operation,
    string Caller,
    string PathAndQuery,
    string? ContentType,
    byte[]? Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    bool FreshIfMatch)
{
    public string Describe()
    {
        var text = new StringBuilder($"{Operation.Method} {PathAndQuery} as {Caller}");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {Clip(value, 120)}");
        }

        if (FreshIfMatch)
        {
            text.Append("\n  If-Match: <the resource's current ETag>");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {ContentType ?? "(none)"}\n  body ({Body.Length} bytes): ")
                .Append(Clip(Encoding.UTF8.GetString(Body), 600));
        }

        return text.ToString();
    }

    private static string Clip(string value, int length) =>
        value.Length <= length ? value : $"{value[..length]}… ({value.Length} chars)";
}

/// <summary>
/// Generates hostile requests for the operations of the OpenAPI document: each declared parameter and body field is
/// either plausible (values read from the demo data, or shaped by its schema), left out, or replaced by a hostile
/// value — wrong types, nulls, empty and very long strings, control characters, Vietnamese in NFC and NFD, emoji and
/// unpaired surrogates, SQL and script metacharacters, overflowing numbers, impossible dates, garbage cursors, deep
/// and huge JSON. Whole bodies are sometimes malformed or sent with the wrong media type.
/// </summary>
public sealed class HostileRequests
{
    /// <summary>Raw JSON for a string with an unpaired high surrogate (System.Text.Json refuses to write one).</summary>
    private const string LoneSurrogateJson = "\"ab\\ud800cd\"";

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string BoVietnamese = "Bộ Công an phối hợp với Bộ Thông tin và Truyền thông";

    public static readonly string[] HostileStrings =
    [
        "", " ", "   \t\n", "\u0000", "a\u0000b", "\u0001\u0002\u001f\u007f", "\r\n\r\n", "\u202etxt.exe", "\u200b\u200b", "\ufeff",
        BoVietnamese, BoVietnamese.Normalize(NormalizationForm.FormD), "BAO VE AN NINH", "bảo vệ", "Đ", "đ".Normalize(NormalizationForm.FormD),
        "🚀", "👩‍💻🇻🇳", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\u0301\u0301\u0301", "'", "\"", "\\", "'; DROP TABLE tasks; --", "\" OR 1=1 --", "1' OR '1'='1",
        "%", "_", "[", "]", "%_[]^", "*", "NULL", "null", "undefined", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
        "{{7*7}}", "${jndi:ldap://x}", "../../../etc/passwd", "..\\..\\windows", "=cmd|' /C calc'!A0", "+1", "@SUM(1)",
        "-1", "0", "2147483648", "-2147483649", "9223372036854775808", "1e400", "NaN", "Infinity", "0x1F", "1.5", "١٢٣",
        "2021-02-30", "2021-13-01", "0000-00-00", "0001-01-01", "9999-12-31", "10000-01-01", "2021-11-24T25:61:00Z",
        "yesterday", "24/11/2021", "true", "[]", "{}", "eyJpZCI6LTF9", "!!!!", "AAAA====", "cursor", "\t", "a b",
        "top_secret", "secret", "unclassified", "MPS", "mic", "MPS.A02", "chp_1__art_1", "chp_99__art_99", "/", "?", "#", "&", "=",
    ];

    private static readonly string[] HostileNumbers =
    [
        "-1", "0", "-0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "1e400", "-1e400", "1e-400", "1.5", "0.000001", "12345678901234567890123456789",
    ];

    private static readonly string[] HostileJsonLiterals = ["null", "true", "false", "[]", "{}", "[null]", "{\"\":null}", "[[]]", "\"\""];

    /// <summary>Whole bodies that are not the JSON the operation expects.</summary>
    private static readonly byte[][] HostileBodies =
    [
        [], "{"u8.ToArray(), "}"u8.ToArray(), "{\"a\":"u8.ToArray(), "[1,2"u8.ToArray(), "null"u8.ToArray(), "[]"u8.ToArray(),
        "\"text\""u8.ToArray(), "123"u8.ToArray(), "{\"a\":1,}"u8.ToArray(), "/* comment */ {}"u8.ToArray(), "{'a':1}"u8.ToArray(),
        "\uFEFF{}"u8.ToArray(), "{\"titleVi\":\"a\",\"titleVi\":\"b\"}"u8.ToArray(), "{\"a\":NaN}"u8.ToArray(),
        [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d], // invalid UTF-8 inside a string
        [0xef, 0xbb, 0xbf, 0x7b, 0x7d], "\u0000\u0000"u8.ToArray(), "<xml/>"u8.ToArray(), "a=1&b=2"u8.ToArray(),
    ];

    private static readonly string?[] ContentTypes =
        [null, "text/plain", "application/x-www-form-urlencoded", "application/xml", "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/problem+json"];

    private readonly OpenApiOperations api;
    private readonly DemoValues demo;
    private readonly Dictionary<ApiOperation, Gen<HostileRequest>> byOperation = [];

    public HostileRequests(OpenApiOperations api, DemoValues demo)
    {
        this.api = api;
        this.demo = demo;
        foreach (var operation in api.Operations)
        {
            byOperation[operation] = For(operation);
        }

        All = Gen.Int[0, api.Operations.Count - 1].SelectMany(i => byOperation[api.Operations[i]]);
    }

    /// <summary>A request for any operation, each equally likely.</summary>
    public Gen<HostileRequest> All { get; }

    /// <summary>
    /// Rough requests make every field likely hostile, so most are refused at validation; gentle ones keep each field
    /// plausible or absent, so they reach the handlers' own rules (not found, conflicts, clearance, workflow).
    /// </summary>
    private Gen<HostileRequest> For(ApiOperation operation) =>
        Gen.Frequency((3, For(operation, hostileWeight: 3)), (1, For(operation, hostileWeight: 0)));

    private Gen<HostileRequest> For(ApiOperation operation, int hostileWeight)
    {
        var pathValues = operation.InPath.Select(p => PathValue(operation, p)).ToArray();
        var path = pathValues.Length == 0
            ? Gen.Const(operation.PathTemplate)
            : Sequence(pathValues).Select(values =>
            {
                var path = operation.PathTemplate;
                foreach (var (name, value) in values)
                {
                    path = path.Replace("{" + name + "}", value, StringComparison.Ordinal);
                }

                return path;
            });
        var query = Sequence(operation.InQuery.Select(p => QueryPair(p, hostileWeight)).Append(ExtraQueryPair()).ToArray())
            .Select(pairs => string.Join("&", pairs.Where(p => p.Value is not null).Select(p => $"{Uri.EscapeDataString(p.Name)}={p.Value}")));
        var body = operation.BodySchema is null ? Gen.Const(((string?)null, (byte[]?)null)) : Body(operation.BodySchema, hostileWeight);
        var headers = Headers(operation);
        var caller = Caller(operation);
        return Gen.Select(path, query, body, headers, caller, (p, q, b, h, c) => new HostileRequest(
            operation, c, q.Length == 0 ? p : $"{p}?{q}", b.Item1, b.Item2, h.Headers, h.FreshIfMatch));
    }

    /// <summary>Mostly a caller allowed to call the operation, so requests reach validation and the handler.</summary>
    private static Gen<string> Caller(ApiOperation operation) =>
        CoordinationApi.Tests.Infrastructure.RegistryPaths.Registrar(operation.PathTemplate) is { } registrar
            ? Gen.Frequency((8, Gen.Const(registrar)), (1, Gen.OneOf("mps.admin", "mps.coordinator", "anonymous", "api-key")))
        : (operation.PathTemplate.StartsWith("/api/v1/admin", StringComparison.Ordinal) || operation.PathTemplate.StartsWith("/api/v1/webhooks", StringComparison.Ordinal)) || operation.PathTemplate.StartsWith("/api/v1/audit", StringComparison.Ordinal)
            ? Gen.Frequency((8, Gen.Const("mps.admin")), (1, Gen.OneOf("mps.coordinator", "anonymous", "api-key")))
            : Gen.Frequency(
                (6, Gen.Const("mps.coordinator")), (2, Gen.Const("mic.coordinator")), (1, Gen.Const("mps.officer")),
                (1, Gen.Const("mic.viewer")), (1, Gen.Const("api-key")), (1, Gen.Const("anonymous")));

    private Gen<(string Name, string Value)> PathValue(ApiOperation operation, ApiParameter parameter)
    {
        var valid = demo.PathValues(operation.PathTemplate, parameter.Name);
        return Gen.Frequency(
            (8, Gen.OneOf(valid)),
            // Not "." or "..": the client resolves them away. Not NUL: the test host refuses it before the app (Kestrel answers 400).
            (2, Gen.OneOf(HostileStrings.Where(s => s.Trim('.').Length > 0 && s.Trim().Length > 0 && !s.Contains('\0', StringComparison.Ordinal)).ToArray())
                .Select(Uri.EscapeDataString)),
            (1, Gen.OneOf("%ED%A0%80", "%FF%FE", "%2F", "%25", "%C3%28")),
            (1, Gen.Int[300, 5000].Select(n => new string('9', n))))
            .Select(value => (parameter.Name, value));
    }

    /// <summary>A query parameter left out (null), plausible, or hostile; values are already URL-encoded.</summary>
    private Gen<(string Name, string? Value)> QueryPair(ApiParameter parameter, int hostileWeight) =>
        Gen.Frequency(
            (4, Gen.Const((string?)null)),
            (3, PlausibleQueryValue(parameter).Select(v => (string?)Uri.EscapeDataString(v))),
            (hostileWeight, Gen.OneOf(HostileStrings).Select(s => (string?)Uri.EscapeDataString(s))),
            (hostileWeight == 0 ? 0 : 1, Gen.OneOf<string?>("%ED%A0%80", "%FF", "%00", "a%2Cb", "%", "1&" + parameter.Name + "=2")),
            (hostileWeight == 0 ? 0 : 1, Gen.Int[1000, 20000].Select(n => (string?)new string('x', n))))
        .Select(value => (parameter.Name, (string?)value));

    private static Gen<(string Name, string? Value)> ExtraQueryPair() =>
        Gen.Frequency(
            (8, Gen.Const(("", (string?)null))),
            (1, Gen.OneOf(HostileStrings).Select(s => ("unexpected", (string?)Uri.EscapeDataString(s)))),
            (1, Gen.Const(("$filter", (string?)"1 eq 1"))));

    private Gen<string> PlausibleQueryValue(ApiParameter parameter)
    {
        if (demo.Values(parameter.Name) is { Length: > 0 } seen)
        {
            return Gen.OneOf(seen.Select(Unquote).ToArray());
        }

        return (string?)parameter.Schema["type"] switch
        {
            "integer" => Gen.Int[-5, 120].Select(i => i.ToString(CultureInfo.InvariantCulture)),
            "boolean" => Gen.OneOf("true", "false"),
            _ when (string?)parameter.Schema["format"] == "date" => Date,
            _ => Word,
        };
    }

    private static string Unquote(string json) => json.StartsWith('"') ? JsonSerializer.Deserialize<string>(json)! : json;

    private static readonly Gen<string> Word = Gen.OneOf("an ninh", "bảo vệ", "MPS", "MIC", "2022", "task", "review", "thông tin", "a");

    private static readonly Gen<string> Date = Gen.Select(Gen.Int[2019, 2031], Gen.Int[1, 12], Gen.Int[1, 28],
        (y, m, d) => new DateOnly(y, m, d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private Gen<(string? ContentType, byte[]? Body)> Body(JsonObject schema, int hostileWeight) => hostileWeight == 0
        ? Json(schema, "", 0, 0).Select(json => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(json)))
        : Gen.Frequency(
            (12, Json(schema, "", 0, hostileWeight).Select(json => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(json)))),
            (2, Gen.OneOf(HostileBodies).Select(b => ((string?)"application/json", (byte[]?)b))),
            (1, Gen.Select(Gen.OneOf(ContentTypes), Json(schema, "", 0, hostileWeight), (type, json) => (type, (byte[]?)Encoding.UTF8.GetBytes(json)))),
            (1, Gen.Int[60, 3000].Select(depth => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(
                "{\"a\":" + new string('[', depth) + new string(']', depth) + "}")))),
            (1, Gen.Int[1_100_000, 1_300_000].Select(size => ((string?)"application/json", (byte[]?)Encoding.UTF8.GetBytes(
                "{\"titleVi\":\"" + new string('a', size) + "\"}")))));

    /// <summary>Raw JSON for a schema: each field plausible, left out, or hostile; sometimes a field it does not declare.</summary>
    private Gen<string> Json(JsonObject schema, string name, int depth, int hostileWeight)
    {
        schema = api.Resolve(schema);
        var plausible = Plausible(schema, name, depth, hostileWeight);
        return depth == 0 || hostileWeight == 0 ? plausible : Gen.Frequency((20, plausible), (hostileWeight, Hostile));
    }

    private Gen<string> Plausible(JsonObject schema, string name, int depth, int hostileWeight)
    {
        var type = SchemaTypes.Of(schema);
        if (type == "object" || schema["properties"] is not null)
        {
            var properties = (schema["properties"]?.AsObject() ?? []).ToArray();
            if (depth > 4 || properties.Length == 0)
            {
                return Gen.Const("{}");
            }

            var fields = properties
                .Select(p => Gen.Frequency(
                    (9, Json(p.Value!.AsObject(), p.Key, depth + 1, hostileWeight).Select(v => (string?)$"{JsonSerializer.Serialize(p.Key)}:{v}")),
                    (1, Gen.Const((string?)null))))
                .Append(Gen.Frequency(
                    (9, Gen.Const((string?)null)),
                    (hostileWeight == 0 ? 0 : 1, Hostile.Select(v => (string?)$"\"unexpectedField\":{v}"))))
                .ToArray();
            return Sequence(fields).Select(parts => "{" + string.Join(",", parts.Where(p => p is not null)) + "}");
        }

        if (type == "array")
        {
            var items = schema["items"]?.AsObject() ?? [];
            var singular = name.EndsWith('s') ? name[..^1] : name;
            return Json(items, singular, depth + 1, hostileWeight).Array[0, 4].Select(values => "[" + string.Join(",", values) + "]");
        }

        if (demo.Values(name) is { Length: > 0 } seen)
        {
            return Gen.OneOf(seen);
        }

        return type switch
        {
            "integer" => Gen.Int[-3, 60].Select(i => i.ToString(CultureInfo.InvariantCulture)),
            "number" => Gen.Int[0, 100].Select(i => i.ToString(CultureInfo.InvariantCulture)),
            "boolean" => Gen.OneOf("true", "false"),
            _ when (string?)schema["format"] == "date" => Date.Select(d => $"\"{d}\""),
            _ when (string?)schema["format"] == "date-time" => Date.Select(d => $"\"{d}T08:00:00+07:00\""),
            _ when (string?)schema["format"] == "uuid" => Gen.Guid.Select(g => $"\"{g}\""),
            _ => Word.Select(w => JsonSerializer.Serialize(w, Relaxed)),
        };
    }

    /// <summary>A JSON value of the wrong type, size or content.</summary>
    public static readonly Gen<string> Hostile = Gen.Frequency(
        (4, Gen.OneOf(HostileStrings).Select(s => JsonSerializer.Serialize(s, Relaxed))),
        (1, Gen.Const(LoneSurrogateJson)),
        (3, Gen.OneOf(HostileNumbers)),
        (2, Gen.OneOf(HostileJsonLiterals)),
        (1, Gen.Int[100, 200_000].Select(n => JsonSerializer.Serialize(string.Concat(Enumerable.Repeat("ả", n)), Relaxed))),
        (1, Gen.Int[10, 20_000].Select(n => "[" + string.Join(",", Enumerable.Repeat("1", n)) + "]")));

    private static Gen<(IReadOnlyList<KeyValuePair<string, string>> Headers, bool FreshIfMatch)> Headers(ApiOperation operation)
    {
        var ifMatch = operation.Method is "PUT" or "DELETE" || operation.InHeader.Any(h => h.Name == "If-Match") || operation.PathTemplate.EndsWith("/publish", StringComparison.Ordinal)
            ? Gen.Frequency(
                (4, Gen.Const((string?)"fresh")), (1, Gen.Const((string?)null)),
                (2, Gen.OneOf<string?>("*", "\"abc\"", "W/\"1\"", "garbage", "\"\"", "\"" + new string('9', 500) + "\"", "\"1\", \"2\"")))
            : Gen.Frequency((9, Gen.Const((string?)null)), (1, Gen.OneOf<string?>("*", "garbage")));
        var idempotency = operation.Method == "POST"
            ? Gen.Frequency(
                (6, Gen.Const((string?)null)), (2, Gen.Guid.Select(g => (string?)g.ToString())),
                (1, Gen.OneOf<string?>("x", new string('k', 201), "ключ", " "))) // HttpClient sends header values as given
            : Gen.Const((string?)null);
        return Gen.Select(ifMatch, idempotency, (match, key) =>
        {
            var headers = new List<KeyValuePair<string, string>>();
            if (match is not null && match != "fresh")
            {
                headers.Add(new("If-Match", match));
            }

            if (key is not null)
            {
                headers.Add(new("Idempotency-Key", key));
            }

            return ((IReadOnlyList<KeyValuePair<string, string>>)headers, match == "fresh");
        });
    }

    private static Gen<T[]> Sequence<T>(Gen<T>[] gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (acc, gen) => Gen.Select(acc, gen, (array, item) => (T[])[.. array, item]));
}
