using CoordinationApi.Infrastructure.Hosting;
using CoordinationApi.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;

namespace CoordinationApi.Features.Reviews;

/// <summary>The schedule of annual reviews hosted in turn, their evaluations and outcomes, and the calendar feed.</summary>
public sealed class ReviewsFeature : IFeature
{
    /// <summary>The calendar feed's own tokens (<c>?token=</c>): a calendar app cannot send an Authorization header.</summary>
    public void AddServices(WebApplicationBuilder builder) =>
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, FeedTokenHandler>(AuthSetup.QueryTokenScheme, null);

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapReviews();
        api.MapCalendar();
        api.MapReviewMinutes();
    }
}
