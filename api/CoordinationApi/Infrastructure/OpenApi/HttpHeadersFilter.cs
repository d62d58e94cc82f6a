using CoordinationApi.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// The HTTP headers a client needs, in the contract: request <c>If-Match</c> on every operation that requires it (it
/// declares 428, the same metadata <see cref="Concurrency"/> checks), request <c>Idempotency-Key</c> on every create that
/// honours it (<see cref="Idempotency.Honoured"/>), and response <c>Location</c> on 201, <c>Retry-After</c> on 429 and 503.
/// Declared as header parameters, Swagger UI sends them.
/// </summary>
public sealed class HttpHeadersFilter : IOperationFilter
{
    public const string ETag = "ETag";
    public const string Location = "Location";
    public const string RetryAfter = "Retry-After";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (Concurrency.RequiresIfMatch(metadata))
        {
            AddParameter(operation, Concurrency.Field, required: true,
                "The ETag of the record as you read it (or a comma-separated list of them, or *). Missing: 428; stale: 412.");
        }
        else if (ConditionalReads.IsRead(metadata))
        {
            AddParameter(operation, Concurrency.Field, required: false,
                "Optional: the ETag(s) you hold (a comma-separated list, or *). If none is current, the answer is a 412 instead (RFC 9110, 13.1.1).");
        }

        if (Idempotency.IsHonoured(metadata))
        {
            AddParameter(operation, Idempotency.Header, required: false, Idempotency.WithholdsSecret(metadata)
                ? "A key of your choice (1–200 characters) that makes a retry safe: the same key and body create nothing and answer "
                    + "409 (replay-withheld) with the Location of what the first request created, because its secret is shown only "
                    + "once; the same key with another body is a 422. Keys are per caller."
                : "A key of your choice (1–200 characters) that makes a retry safe: the same key and body answer the first result "
                    + "again (same status, body, Location and the ETag of that first answer) and create nothing; the same key with "
                    + "another body (a user's password included) is a 422. Keys are per caller.");
            operation.Responses ??= [];
            operation.Responses.TryAdd("422", new OpenApiResponse
            {
                Description = "The Idempotency-Key was already used with another request.",
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
                },
            });
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            switch (status)
            {
                case "201":
                    AddHeader(response, Location, "The URL of the record created.", JsonSchemaType.String, "uri-reference");
                    break;
                case "409" when Idempotency.WithholdsSecret(metadata):
                    // Only a replay-withheld 409 names the record; a name-taken 409 does not.
                    AddHeader(response, Location, "With a replay-withheld problem: the URL of the record the first request created.",
                        JsonSchemaType.String, "uri-reference", required: false);
                    break;
                case "429" or "503":
                    AddHeader(response, RetryAfter, "Seconds to wait before trying again.", JsonSchemaType.Integer, null);
                    break;
            }
        }
    }

    /// <summary>The longest If-Match the document admits (and the API accepts, <see cref="HeaderBounds"/>).</summary>
    public const int MaxIfMatchLength = Concurrency.MaxIfMatchLength;

    internal static void AddHeader(IOpenApiResponse response, string name, string description, JsonSchemaType type, string? format,
        bool required = true)
    {
        if (response is not OpenApiResponse concrete)
        {
            return;
        }

        concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
        concrete.Headers.TryAdd(name, new OpenApiHeader
        {
            Description = description,
            Required = required,
            Schema = type == JsonSchemaType.Integer
                // Bounded like every integer of the contract (OWASP API4): seconds, at most a day.
                ? new OpenApiSchema { Type = type, Format = "int32", Minimum = "0", Maximum = "86400" }
                : new OpenApiSchema { Type = type, Format = format },
        });
    }

    private static void AddParameter(OpenApiOperation operation, string name, bool required, string description)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase) && p.In == ParameterLocation.Header))
        {
            return;
        }

        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            // If-Match holds one ETag, a list of them, or *: bounded like every string a client sends (OWASP API4).
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String, MinLength = 1, MaxLength = HeaderBounds.MaxLengthOf(name),
                // The key takes visible ASCII without spaces (Idempotency.TryReadKey), such as a UUID.
                Pattern = name == Idempotency.Header ? "^[\x21-\x7E]+$"
                    // One entity tag, a comma-separated list of them, or * (RFC 9110, 8.8.3 and 13.1.1).
                    : name == Concurrency.Field ? "^(\\*|(W/)?\"[\x21\x23-\x7E]*\"( *, *(W/)?\"[\x21\x23-\x7E]*\")*)$"
                    : null,
            },
        });
    }
}

/// <summary>
/// Response <c>ETag</c> where the API sets one: on the record types that take an If-Match. A record type takes one when an
/// operation requiring If-Match (declared with <c>If-Match</c> by <see cref="HttpHeadersFilter"/>) sits on the path of a
/// GET or just below it (<c>…/publish</c>, an action without a GET of its own); every 200 or 201 answering that GET's schema carries the record's ETag.
/// A record without a GET of its own (a review's evaluation, read as a row of a list) carries it on the answer of its update.
/// </summary>
public sealed class ETagHeaderFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        var paths = swaggerDoc.Paths ?? [];
        var guarded = paths.Where(p => p.Value.Operations?.Values.Any(TakesIfMatch) == true).Select(p => p.Key).ToList();
        var withETag = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in paths)
        {
            if (item.Operations?.GetValueOrDefault(HttpMethod.Get) is { } get
                && guarded.Any(g => g == path || (g.StartsWith(path + "/", StringComparison.Ordinal) && !g[(path.Length + 1)..].Contains('/') && !g.EndsWith('}')
                    // A sub-resource with a GET of its own (a review's minutes) carries its own ETag, not its parent's.
                    && paths[g].Operations?.ContainsKey(HttpMethod.Get) != true))
                && SchemaId(get.Responses?.GetValueOrDefault("200")) is { } id)
            {
                withETag.Add(id);
            }
        }

        // A record changed under If-Match with no GET of its own (a row of a list, such as a review's evaluation): its own answer carries its ETag.
        foreach (var path in guarded.Where(g => paths[g].Operations?.ContainsKey(HttpMethod.Get) != true))
        {
            foreach (var operation in (paths[path].Operations?.Values.AsEnumerable() ?? []).Where(TakesIfMatch))
            {
                if (SchemaId(operation.Responses?.GetValueOrDefault("200")) is { } id)
                {
                    withETag.Add(id);
                }
            }
        }

        foreach (var operation in paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var status in new[] { "200", "201" })
            {
                if (operation.Responses?.GetValueOrDefault(status) is { } response && SchemaId(response) is { } id && withETag.Contains(id))
                {
                    HttpHeadersFilter.AddHeader(response, HttpHeadersFilter.ETag,
                        "The record's version: send it back in If-Match to change it.", JsonSchemaType.String, null);
                }
            }
        }
    }

    /// <summary>A write that requires If-Match (a read's If-Match is optional and says nothing about a record's version).</summary>
    private static bool TakesIfMatch(OpenApiOperation operation) =>
        operation.Parameters?.Any(p => p.In == ParameterLocation.Header && p.Name == Concurrency.Field && p.Required) == true;

    private static string? SchemaId(IOpenApiResponse? response) =>
        (response?.Content is { } content && content.TryGetValue("application/json", out var json) ? json : null)?.Schema is OpenApiSchemaReference reference ? reference.Reference.Id : null;
}
