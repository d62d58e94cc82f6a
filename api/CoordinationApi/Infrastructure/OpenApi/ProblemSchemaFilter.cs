using CoordinationApi.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// The problem schemas say exactly what a problem document holds (<see cref="ProblemDetailsSetup"/> and the handlers
/// write them): <c>type</c> (one of <see cref="ProblemTypes.Kinds"/>, as a pattern: the vocabularies of the document are the enums the SPA labels), <c>title</c>, <c>status</c> and <c>traceId</c>
/// always, never null; <c>detail</c> and <c>instance</c> when there is one; and each extension member a kind of problem
/// carries, with its type, and no other member (<c>additionalProperties: false</c>). <c>HttpValidationProblemDetails</c>
/// (every 400) is the same with <c>errors</c> required. The suite's response validator holds every problem to it.
/// </summary>
internal sealed class ProblemSchemaFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null)
        {
            return;
        }

        foreach (var (name, required) in new[] { ("ProblemDetails", Always), ("HttpValidationProblemDetails", [.. Always, "errors"]) })
        {
            if (schemas.ContainsKey(name))
            {
                schemas[name] = Problem(required);
            }
        }
    }

    private static readonly string[] Always = ["type", "title", "status", "traceId"];

    private static OpenApiSchema Problem(string[] required) => new()
    {
        Type = JsonSchemaType.Object,
        Description = "An RFC 9457 problem document. `type` names the kind of problem (see the README's table); the members after "
            + "`traceId` are extensions that only the kinds named in their descriptions carry.",
        Required = new HashSet<string>(required, StringComparer.Ordinal),
        AdditionalPropertiesAllowed = false,
        Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["type"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Format = "uri",
                Description = "The kind of problem, stable: branch on it rather than on the title. One of the README's table: "
                    + string.Join(", ", ProblemTypes.Kinds.Select(k => k.Name)) + ".",
                Pattern = "^" + System.Text.RegularExpressions.Regex.Escape(ProblemTypes.Base) + "(" + string.Join("|", ProblemTypes.Kinds.Select(k => k.Name)) + ")$",
            },
            ["title"] = Text("A short, human-readable summary of the kind of problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status." },
            ["detail"] = Text("What happened to this request, for a person."),
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", Description = "The path the request was sent to." },
            ["traceId"] = Text("The request's trace id (W3C traceparent form), found in the API's log."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "400 (every kind) and 409 `name-taken`: the messages per field, keyed by the JSON path of the body's field, the query "
                    + "parameter, the header, or `$` for the body as a whole.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text("A message.") },
            },
            ["location"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", Description = "409 `replay-withheld`: the record the Idempotency-Key created." },
            ["currentStatus"] = Text("409 `conflict` of a task or review transition: the record's status now."),
            ["allowed"] = List("409 `conflict` of a task or review transition: the statuses the record may move to from its current one."),
            ["allowedForYou"] = List("409 `conflict` of a task transition: those of `allowed` the caller may make."),
            ["draftNumber"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "2147483647", Description = "409 `conflict` when a regulation already has an open draft version: its number." },
            ["unevaluated"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Description = "409 `conflict` of a review conclusion: the tasks of the review the caller may see that have no evaluation yet.",
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string>(["id", "code", "titleVi"], StringComparer.Ordinal),
                    AdditionalPropertiesAllowed = false,
                    Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                    {
                        ["id"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = "2147483647" },
                        ["code"] = Text("The task's code."),
                        ["titleVi"] = Text("The task's Vietnamese title."),
                        ["titleEn"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The task's English title, if any." },
                    },
                },
            },
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema List(string description) => new() { Type = JsonSchemaType.Array, Items = Text("A status."), Description = description };
}
