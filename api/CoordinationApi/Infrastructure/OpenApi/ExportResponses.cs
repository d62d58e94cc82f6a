using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Endpoint metadata of a file export: the type of its rows and the media types it can answer with (negotiated from
/// <c>format</c> or <c>Accept</c>). <see cref="ExportResponses"/> turns it into the 200 response of the document.
/// </summary>
public sealed record ExportContentMetadata(Type RowType, IReadOnlyList<string> MediaTypes);

/// <summary>
/// Describes each export's 200 response per media type, so a generated client can read every format: <c>text/csv</c> a
/// string, <c>application/x-ndjson</c> a string whose lines are row objects (the row schema in <c>x-item-schema</c>, as
/// OpenAPI 3.2's <c>itemSchema</c>), <c>application/json</c> an array of rows, and anything else (the XLSX workbook)
/// binary. Also documents the 406 answered when <c>Accept</c> allows none of them.
/// </summary>
public sealed class ExportResponses : IOperationFilter
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";
    public const string JsonLines = "application/x-ndjson";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var export = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ExportContentMetadata>().FirstOrDefault();
        if (export is null)
        {
            return;
        }

        var row = context.SchemaGenerator.GenerateSchema(export.RowType, context.SchemaRepository);
        var rowId = (row as OpenApiSchemaReference)?.Reference.Id ?? export.RowType.Name;
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = $"The rows, in the format asked by `format` or else negotiated from `Accept`; each row is a {rowId}.",
            Content = export.MediaTypes.ToDictionary(m => m, m => (IOpenApiMediaType)MediaType(m, row, rowId)),
        };
        operation.Responses["406"] = new OpenApiResponse
        {
            Description = $"Without `format`, `Accept` allows none of: {string.Join(", ", export.MediaTypes)}.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        };
    }

    private static OpenApiMediaType MediaType(string mediaType, IOpenApiSchema row, string rowId) => mediaType switch
    {
        Json => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = row } },
        JsonLines => new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = $"JSON lines: one {rowId} object per line, each line ending with a line feed.",
            },
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                ["x-item-schema"] = new JsonNodeExtension(new JsonObject { ["$ref"] = $"#/components/schemas/{rowId}" }),
            },
        },
        Csv => new OpenApiMediaType
        {
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = $"RFC 4180 CSV, UTF-8 with a byte order mark: a header row of {rowId}'s property names, then a row each "
                    + "(lists joined with `|`).",
            },
        },
        _ => new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
    };
}
