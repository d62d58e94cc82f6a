using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Agencies;

/// <summary>The agencies known to the register and their units.</summary>
public sealed class AgenciesFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapAgencies();
}
