using CoordinationApi.Infrastructure.Hosting;

namespace CoordinationApi.Features.Notifications;

/// <summary>
/// In-app notifications (issue 19): the <c>notifications</c> consumer of the outbox fans each event out to the people it
/// concerns and queues their mails; people read and mark their notifications and choose what reaches them.
/// </summary>
public sealed class NotificationsFeature : IFeature
{
    public void AddServices(WebApplicationBuilder builder) => builder.Services.AddHostedService<NotificationFanOut>();

    public void MapEndpoints(IEndpointRouteBuilder app, RouteGroupBuilder api)
    {
        api.MapNotifications();
        api.MapNotificationPreferences();
    }
}
