using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Features.Webhooks;

/// <summary>
/// The document's <c>webhooks</c> section (OpenAPI 3.1): one entry per kind of event, the request the API posts to a
/// subscription (Standard Webhooks headers and the <c>{type, timestamp, data}</c> body with the kind's data).
/// </summary>
internal sealed class WebhooksDocumentFilter : IDocumentFilter
{
    public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
    {
        swaggerDoc.Webhooks ??= new Dictionary<string, IOpenApiPathItem>();
        foreach (var (kind, type) in WebhookPayloads.ByKind)
        {
            var data = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository);
            if (data is OpenApiSchemaReference reference)
            {
                // Bare $refs, as BareSchemaReferences leaves every other one (this filter runs after it): the reference to the
                // data and those among its properties (a vocabulary), whose descriptions stay in their components.
                reference.Description = null;
                if (context.SchemaRepository.Schemas.TryGetValue(reference.Reference.Id!, out var component))
                {
                    foreach (var property in component.Properties?.Values.OfType<OpenApiSchemaReference>() ?? [])
                    {
                        property.Description = null;
                    }
                }
            }

            var body = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string> { "type", "timestamp", "data" },
                AdditionalPropertiesAllowed = false,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Const = kind, Description = "The kind of event.", MaxLength = 60 },
                    ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Description = "When the event happened (UTC).", MaxLength = 40 },
                    ["data"] = data,
                },
            };
            swaggerDoc.Webhooks[kind] = new OpenApiPathItem
            {
                Operations = new Dictionary<HttpMethod, OpenApiOperation>
                {
                    [HttpMethod.Post] = new OpenApiOperation
                    {
                        OperationId = "Webhook_" + kind.Replace('.', '_'),
                        Summary = kind,
                        Description = WebhookPayloads.Meaning[kind] + " Posted to each active subscription to this kind whose agency system is cleared for "
                            + "the event and whose agency is a party of its regulation. Verify the signature (docs/integrators.md) and dedupe on webhook-id.",
                        Tags = new HashSet<OpenApiTagReference> { new("Webhooks", swaggerDoc) },
                        Parameters =
                        [
                            Header(WebhookSignature.IdHeader, "The event's id (evt_…): the same on every attempt; dedupe on it.", 40),
                            Header(WebhookSignature.TimestampHeader, "Seconds since 1970-01-01 UTC when this attempt was signed; refuse one far from your clock.", 20),
                            Header(WebhookSignature.SignatureHeader, "v1,<base64 HMAC-SHA256 of \"{webhook-id}.{webhook-timestamp}.{body}\" under the subscription's secret>.", 200),
                        ],
                        RequestBody = new OpenApiRequestBody
                        {
                            Required = true,
                            Content = new Dictionary<string, IOpenApiMediaType> { ["application/json"] = new OpenApiMediaType { Schema = body } },
                        },
                        Responses = new OpenApiResponses
                        {
                            ["200"] = new OpenApiResponse { Description = "Any 2xx: received. Anything else, or no answer within the timeout, is retried with backoff." },
                        },
                    },
                },
            };
        }
    }

    private static OpenApiParameter Header(string name, string description, int maxLength) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };
}
