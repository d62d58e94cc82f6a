using System.Globalization;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Webhooks;

/// <summary>The states of a delivery.</summary>
public static class DeliveryStatuses
{
    /// <summary>Not attempted yet.</summary>
    public const string Pending = "pending";

    /// <summary>Attempted and failed; tried again at <c>nextAttemptAt</c>.</summary>
    public const string Retrying = "retrying";

    /// <summary>The receiver answered 2xx.</summary>
    public const string Delivered = "delivered";

    /// <summary>Not sent: by the time it was due the agency system was revoked, or no longer cleared for the event or party to its regulation.</summary>
    public const string Withheld = "withheld";

    [VocabularyName("WebhookDeliveryStatus")]
    public static readonly string[] All = [Pending, Retrying, Delivered, Withheld];
}

/// <summary>One event posted (or to be posted) to a subscription.</summary>
/// <param name="Id">Delivery id.</param>
/// <param name="EventId">The event (<c>evt_…</c>): the <c>webhook-id</c> header of every attempt.</param>
/// <param name="Kind">The event's kind.</param>
/// <param name="Attempt">Attempts made so far.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ResponseStatus">The HTTP status the receiver answered on the last attempt (null: none, or no answer).</param>
/// <param name="Error">Why the last attempt failed.</param>
/// <param name="At">The last attempt (or, before any, when the delivery was created).</param>
/// <param name="NextAttemptAt">When it is (next) due, while it waits.</param>
/// <param name="DeliveredAt">When the receiver accepted it.</param>
public sealed record WebhookDeliveryDto(
    long Id, string EventId, [Vocabulary(typeof(Infrastructure.Events.EventKinds))] string Kind, int Attempt,
    [Vocabulary(typeof(DeliveryStatuses))] string Status, int? ResponseStatus, string? Error, DateTimeOffset At, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt);

/// <summary>The paging of a delivery log.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Limit">Page size (1 to 200, default 50).</param>
public sealed record WebhookDeliveriesQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class WebhookDeliveriesQueryValidator : AbstractValidator<WebhookDeliveriesQuery>
{
    public WebhookDeliveriesQueryValidator(Cursors cursors) =>
        Include(new PageRules<WebhookDeliveriesQuery>(cursors, WebhookDeliveriesEndpoints.DeliveriesList, Cursors.IsLongId));
}

/// <summary>A subscription's delivery log and manual redelivery.</summary>
public static class WebhookDeliveriesEndpoints
{
    internal const string DeliveriesList = "webhook-deliveries";

    public static RouteGroupBuilder MapWebhookDeliveries(this RouteGroupBuilder subscriptions)
    {
        subscriptions.MapGet("/{id:int}/deliveries", ListWebhookDeliveries).WithName(nameof(ListWebhookDeliveries))
            .ProducesProblem(StatusCodes.Status404NotFound);
        subscriptions.MapPost("/{id:int}/deliveries/{deliveryId:long}/redeliver", RedeliverWebhook).WithName(nameof(RedeliverWebhook))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return subscriptions;
    }

    /// <summary>The subscription's deliveries, newest first: each event, its attempts, the receiver's last answer.</summary>
    /// <param name="id">Subscription id.</param>
    public static async Task<Results<Ok<Page<WebhookDeliveryDto>>, ProblemHttpResult>> ListWebhookDeliveries(
        int id, [AsParameters] WebhookDeliveriesQuery query, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        var position = services.Cursors.PositionOf(DeliveriesList, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        if (await WebhookSubscriptionsEndpoints.FindAsync(scope, caller, id) is null)
        {
            return WebhookSubscriptionsEndpoints.NoSuchSubscription(id);
        }

        var rows = (await connection.QueryAsync<DeliveryRow>(new CommandDefinition(WebhooksSql.Deliveries(services.Db.Dialect), new
        {
            Id = id, BeforeId = position.Length == 0 ? (long?)null : long.Parse(position, CultureInfo.InvariantCulture), Take = limit + 1,
        }, cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(DeliveriesList, rows, limit, r => Cursors.Position(r.Id));
        return TypedResults.Ok(new Page<WebhookDeliveryDto>([.. page.Items.Select(ToDto)], page.NextCursor));
    }

    /// <summary>
    /// Sends a delivery again at once, with the same <c>webhook-id</c> (a receiver that already has it ignores it); a waiting
    /// one is tried now. 409 when the subscription is disabled (re-enable it first), the delivery was withheld, or the agency
    /// system may no longer read what the event concerns (e.g. its task was raised above the system's clearance since).
    /// </summary>
    /// <param name="id">Subscription id.</param>
    /// <param name="deliveryId">Delivery id.</param>
    public static async Task<Results<Ok<WebhookDeliveryDto>, ProblemHttpResult>> RedeliverWebhook(
        int id, long deliveryId, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var subscription = await WebhookSubscriptionsEndpoints.FindAsync(write, caller, id);
        if (subscription is null)
        {
            return WebhookSubscriptionsEndpoints.NoSuchSubscription(id);
        }

        var delivery = await connection.QuerySingleOrDefaultAsync<DeliveryRow>(WebhooksSql.Delivery, new { Id = id, DeliveryId = deliveryId }, transaction);
        if (delivery is null)
        {
            return Problems.NotFound($"Subscription {id} has no delivery {deliveryId}.");
        }

        if (!subscription.Active)
        {
            return Problems.Conflict("The subscription is disabled.", "Re-enable the subscription (PUT with active true) before asking for a redelivery.");
        }

        if (delivery.Status == DeliveryStatuses.Withheld)
        {
            return Problems.Conflict("The delivery was withheld.", "The agency system may no longer receive this event.");
        }

        // Decided again now, in the SQL: the task may have been raised above the system, its agency may have left the regulation.
        if (await connection.ExecuteScalarAsync<string?>(WebhooksSql.WithheldBecause, new { Id = deliveryId }, transaction) is { } withheld)
        {
            return Problems.Conflict("The agency system may no longer receive this event.", withheld);
        }

        await connection.ExecuteAsync(WebhooksSql.Redeliver, new { Id = id, DeliveryId = deliveryId, write.Now }, transaction);
        var after = await connection.QuerySingleAsync<DeliveryRow>(WebhooksSql.Delivery, new { Id = id, DeliveryId = deliveryId }, transaction);
        await write.AuditAsync(new AuditEvent("webhook-delivery.redeliver", "webhook-subscription", id.ToString(CultureInfo.InvariantCulture),
            ToDto(delivery), ToDto(after), (Clearance)subscription.ClientClearance));
        await write.CommitAsync();
        services.Signal.Pulse();
        return TypedResults.Ok(ToDto(after));
    }

    private static WebhookDeliveryDto ToDto(DeliveryRow row) => new(
        row.Id, row.EventId, row.Kind, row.Attempt, row.Status, row.ResponseStatus, row.Error, row.LastAttemptAt ?? row.CreatedAt,
        row.Status is DeliveryStatuses.Pending or DeliveryStatuses.Retrying ? row.NextAttemptAt : null, row.DeliveredAt);
}
