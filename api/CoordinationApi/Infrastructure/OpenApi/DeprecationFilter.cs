using CoordinationApi.Infrastructure.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Infrastructure.OpenApi;

/// <summary>
/// A deprecated endpoint (<see cref="DeprecatedMetadata"/>) is <c>deprecated: true</c> in the document, its description says
/// since when and until when, and every response declares the <c>Deprecation</c>, <c>Sunset</c> and <c>Link</c> headers.
/// </summary>
internal sealed class DeprecationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<DeprecatedMetadata>().LastOrDefault() is not { } deprecated)
        {
            return;
        }

        operation.Deprecated = true;
        var until = deprecated.Sunset is { } sunset ? $", and may stop answering after {sunset:yyyy-MM-dd}" : "";
        operation.Description = $"{operation.Description}\n\n**Deprecated** since {deprecated.Since:yyyy-MM-dd}{until}: see {deprecated.Link}.".TrimStart();
        foreach (var response in (operation.Responses ?? []).Values.OfType<OpenApiResponse>())
        {
            response.Headers ??= new Dictionary<string, IOpenApiHeader>();
            response.Headers.TryAdd(DeprecatedMetadata.DeprecationHeader, Header(
                "RFC 9745: when the operation was deprecated, as @ and seconds since 1970-01-01 UTC (e.g. @1767225600).", required: true, 21));
            if (deprecated.Sunset is not null)
            {
                response.Headers.TryAdd(DeprecatedMetadata.SunsetHeader, Header(
                    "RFC 8594: the HTTP-date after which the operation may stop answering.", required: true, 29));
            }

            response.Headers.TryAdd(DeprecatedMetadata.LinkHeader, Header(
                "Links with rel=\"deprecation\" (and rel=\"sunset\") to the page that says what to use instead.", required: true, 2000));
        }
    }

    private static OpenApiHeader Header(string description, bool required, int maxLength) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = maxLength },
    };
}
