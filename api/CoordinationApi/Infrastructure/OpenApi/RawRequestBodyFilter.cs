using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// Endpoint metadata of an operation whose body is a file sent as is (not JSON): the media types it takes and the most
/// bytes it reads. <see cref="RawRequestBodyFilter"/> turns it into the request body of the document, with its 413 and 415.
/// </summary>
public sealed record RawRequestBodyMetadata(string Description, long MaxBytes, IReadOnlyList<string> MediaTypes);

/// <summary>
/// Documents a raw file body per media type as a binary string (what a generated client sends as bytes or a stream),
/// bounded by the endpoint's limit, with the 413 answered beyond it and the 415 answered for any other Content-Type.
/// </summary>
public sealed class RawRequestBodyFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var body = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RawRequestBodyMetadata>().FirstOrDefault();
        if (body is null)
        {
            return;
        }

        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = body.Description,
            Content = body.MediaTypes.ToDictionary(m => m, _ => (IOpenApiMediaType)new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Format = "binary",
                    MaxLength = (int)Math.Min(body.MaxBytes, int.MaxValue),
                },
            }),
        };
        operation.Responses ??= [];
        operation.Responses["413"] = Problem(context, $"The body is larger than {body.MaxBytes:N0} bytes; nothing was saved.");
        operation.Responses["415"] = Problem(context, $"The Content-Type is none of: {string.Join(", ", body.MediaTypes)}; nothing was saved.");
    }

    private static OpenApiResponse Problem(OperationFilterContext context, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, IOpenApiMediaType>
        {
            ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
        },
    };
}
