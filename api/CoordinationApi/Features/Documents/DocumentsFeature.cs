using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Documents;

/// <summary>The official documents of the yearly cycle (Decree 30/2020/NĐ-CP): review report, adopted plan, minutes, five-year summary.</summary>
public sealed class DocumentsFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapDocuments();
}
