using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Regulations;

/// <summary>The regulations the caller's agency is party to.</summary>
public sealed class RegulationsFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapRegulations();
}
