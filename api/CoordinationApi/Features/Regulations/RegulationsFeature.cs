using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Regulations;

/// <summary>The regulations the caller's agency is party to.</summary>
public sealed class RegulationsFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder) =>
        builder.Services.ConfigureSwaggerGen(options => options.SchemaFilter<SignatoryRequestSchemaFilter>());

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapRegulations();
}
