using CoordinationApi.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// A create that honours <c>Idempotency-Key</c> answers a retry with its first result only while the record it made is
/// still visible to the caller; otherwise 404, as for any record the caller cannot see
/// (<see cref="Idempotency.AnswerForAsync{T}"/>). Every such operation lists that 404.
/// </summary>
public sealed class ReplayNotFoundFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!Idempotency.IsHonoured(context.ApiDescription.ActionDescriptor.EndpointMetadata))
        {
            return;
        }

        operation.Responses ??= [];
        operation.Responses.TryAdd("404", new OpenApiResponse
        {
            Description = "Not Found: a retry with the same Idempotency-Key, when the record it created is no longer visible to you.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        });
    }
}
