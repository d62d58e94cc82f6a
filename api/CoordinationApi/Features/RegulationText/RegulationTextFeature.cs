using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.RegulationText;

/// <summary>The versioned, bilingual text of a regulation: drafts, versions, comparison.</summary>
public sealed class RegulationTextFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapRegulationText();
}
