using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Comments;

/// <summary>Comments on tasks and reviews: threads, mentions, edits kept as revisions.</summary>
public sealed class CommentsFeature : IFeature
{
    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api) => api.MapComments();
}
