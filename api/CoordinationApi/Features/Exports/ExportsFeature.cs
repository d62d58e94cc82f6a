using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Exports;

/// <summary>Streamed exports of every dataset (CSV, JSON, JSON lines, XLSX), each recorded in the audit trail.</summary>
public sealed class ExportsFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapExports();
}
