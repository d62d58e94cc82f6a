using CoordinationApi.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// On every create that honours <c>Idempotency-Key</c> (<see cref="Idempotency.Honoured"/>): the key's form as a pattern
/// (the one <see cref="Idempotency.TryReadKey"/> checks), and the 404 a replay answers when the record the key created is
/// gone or no longer visible to the caller (deleted, or classified above their clearance since).
/// </summary>
public sealed class IdempotencyReplayFilter : IOperationFilter
{
    public const string ReplayGone = "A retry with the Idempotency-Key of an earlier create whose record is gone or no longer visible to you "
        + "(deleted, or classified above your clearance since): nothing is created again. Use a new key to create it anew.";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!Idempotency.IsHonoured(context.ApiDescription.ActionDescriptor.EndpointMetadata))
        {
            return;
        }

        if (operation.Parameters?.FirstOrDefault(p => p.Name == Idempotency.Header) is OpenApiParameter { Schema: OpenApiSchema schema })
        {
            schema.Pattern = Idempotency.KeyPattern;
        }

        operation.Responses ??= [];
        if (operation.Responses.TryGetValue("404", out var existing) && existing is OpenApiResponse documented)
        {
            documented.Description = $"{documented.Description} Also: {ReplayGone}";
            return;
        }

        operation.Responses["404"] = new OpenApiResponse
        {
            Description = ReplayGone,
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        };
    }
}
