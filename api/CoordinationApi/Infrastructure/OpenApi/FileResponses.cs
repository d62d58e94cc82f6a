using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>Endpoint metadata of an operation that answers a file of one media type (a generated Word document).</summary>
/// <param name="MediaType">The file's media type.</param>
/// <param name="Description">What the file is.</param>
public sealed record FileContentMetadata(string MediaType, string Description);

/// <summary>
/// Describes the 200 response of an operation that answers a file (<see cref="FileContentMetadata"/>) as that media type
/// with a binary string, so a generated client reads it as bytes; <see cref="DownloadHeadersFilter"/> then adds its
/// <c>Content-Disposition</c>.
/// </summary>
public sealed class FileResponses : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        // An operation may answer files of several media types (evidence files): one metadata each, the first one's description.
        var files = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<FileContentMetadata>().ToList();
        if (files is not [var file, ..])
        {
            return;
        }

        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = file.Description,
            Content = files.DistinctBy(f => f.MediaType).ToDictionary(f => f.MediaType,
                _ => (IOpenApiMediaType)new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } }),
        };
    }
}
