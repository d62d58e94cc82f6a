using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Audit;

/// <summary>Reading the audit trail: entries, chain verification, checkpoints (appending is the write scope's).</summary>
public sealed class AuditFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapAudit();
}
