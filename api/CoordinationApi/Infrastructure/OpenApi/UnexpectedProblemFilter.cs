using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Any operation can meet a fault of the API itself; it answers 500 with a problem document of type <c>unexpected</c>
/// whose <c>traceId</c> finds the fault in the log. Every operation lists it, so a client is told what that answer is.
/// </summary>
public sealed class UnexpectedProblemFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= [];
        operation.Responses.TryAdd("500", new OpenApiResponse
        {
            Description = "A fault of the API: nothing was changed; quote the traceId when reporting it.",
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
            },
        });
    }
}
