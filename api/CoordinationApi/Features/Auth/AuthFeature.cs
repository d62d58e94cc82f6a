using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Auth;

/// <summary>Signing in: tokens for people, and who the caller is.</summary>
public sealed class AuthFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapAuth();
}
