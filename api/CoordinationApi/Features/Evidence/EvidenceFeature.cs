using CoordinationApi.Infrastructure.Hosting;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CoordinationApi.Features.Evidence;

/// <summary>Evidence files on progress reports and a review's minutes, kept in a folder (<c>Evidence:Root</c>).</summary>
public sealed class EvidenceFeature : IFeature
{
    private long maxBytes = EvidenceOptions.DefaultMaxBytes;

    public void AddServices(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();
        if (options.MaxBytes < 1)
        {
            throw new InvalidOperationException($"{EvidenceOptions.Section}:MaxBytes must be at least 1 (it is {options.MaxBytes}).");
        }

        if (options.MaxUnpackedBytes < 1 || options.MaxCompressionRatio < 1)
        {
            throw new InvalidOperationException($"{EvidenceOptions.Section}:MaxUnpackedBytes and {EvidenceOptions.Section}:MaxCompressionRatio must be at least 1.");
        }

        maxBytes = options.MaxBytes;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EvidenceStore>();
        builder.Services.Configure<SwaggerGenOptions>(swagger => swagger.OperationFilter<ReprDigestHeaderFilter>());
    }

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapEvidence(maxBytes);
}

/// <summary>Declares the download's <c>Repr-Digest</c> header (RFC 9530) in the document.</summary>
public sealed class ReprDigestHeaderFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName
                != nameof(EvidenceEndpoints.GetEvidenceContent)
            || operation.Responses?.TryGetValue("200", out var ok) != true || ok is not OpenApiResponse response)
        {
            return;
        }

        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[EvidenceEndpoints.ReprDigest] = new OpenApiHeader
        {
            Description = "The file's SHA-256 (RFC 9530): `sha-256=:<base64>:`, the `sha256` of its evidence record.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 100 },
        };
    }
}
