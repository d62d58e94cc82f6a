using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.RegulationText;

/// <summary>The versioned, bilingual text of a regulation: drafts, versions, comparison, Akoma Ntoso export and import.</summary>
public sealed class RegulationTextFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapRegulationText();
        api.MapTextImport();
    }
}
