using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Webhooks;

/// <summary>
/// The <c>webhooks</c> consumer of the outbox and the sender, on one instance at a time (the lease <c>webhooks</c>).
/// Each round first turns the events after the cursor into deliveries, in the write that moves the cursor (so a crash
/// repeats nothing and loses nothing), then posts the deliveries that are due and at the head of their group (per
/// subscription and task or review), each result recorded in its own write. A failed attempt is retried after an
/// exponentially growing wait; <c>Webhooks:DisableAfterFailures</c> failures in a row disable the subscription.
/// </summary>
public sealed class WebhookWorker : OutboxWorker
{
    public const string Consumer = "webhooks";
    private const int EventBatch = 500;
    private const int SendBatch = 50;

    /// <summary>The delivery log's error when the subscription's stored secret does not decrypt.</summary>
    public const string UnreadableSecret = "Not sent: the subscription's signing secret could not be decrypted. Rotate the secret.";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly DbConnectionFactory db;
    private readonly WriteScopes writes;
    private readonly OutboxOptions outbox;
    private readonly WebhookOptions options;
    private readonly WebhookSender sender;
    private readonly WebhookSecrets secrets;
    private readonly TimeProvider clock;
    private readonly ILogger<WebhookWorker> logger;
    private TimeSpan idleWait;

    public WebhookWorker(
        DbConnectionFactory db, WriteScopes writes, OutboxSignal signal, OutboxOptions outbox, WebhookOptions options, WebhookSender sender,
        WebhookSecrets secrets, TimeProvider clock, ILogger<WebhookWorker> logger)
        : base(writes, signal, outbox, clock, logger)
    {
        this.db = db;
        this.writes = writes;
        this.outbox = outbox;
        this.options = options;
        this.sender = sender;
        this.secrets = secrets;
        this.clock = clock;
        this.logger = logger;
        idleWait = TimeSpan.FromSeconds(outbox.PollSeconds);
    }

    protected override string Name => Consumer;

    protected override TimeSpan IdleWait => idleWait;

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var fannedOut = await FanOutAsync(cancellationToken);
        var sent = await SendDueAsync(cancellationToken);
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var next = await connection.ExecuteScalarAsync<DateTimeOffset?>(WebhooksSql.NextDue);
            var poll = TimeSpan.FromSeconds(outbox.PollSeconds);
            var untilNext = next is null ? poll : next.Value - clock.GetUtcNow();
            idleWait = untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < poll ? untilNext : poll;
        }

        return fannedOut || sent;
    }

    /// <summary>Deliveries for the next batch of events; true when there were events.</summary>
    private async Task<bool> FanOutAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var cursor = await EventOutbox.CursorAsync(connection, null, Consumer);
            if (await connection.ExecuteScalarAsync<long?>(WebhooksSql.BatchEnd(db.Dialect), new { After = cursor, Take = EventBatch }) is null)
            {
                return false;
            }
        }

        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        var (writeConnection, transaction) = write;
        var after = await EventOutbox.CursorAsync(writeConnection, transaction, Consumer);
        var upTo = await writeConnection.ExecuteScalarAsync<long?>(WebhooksSql.BatchEnd(write.Dialect), new { After = after, Take = EventBatch }, transaction);
        if (upTo is null)
        {
            return false;
        }

        await writeConnection.ExecuteAsync(WebhooksSql.FanOut(write.Dialect), new { After = after, UpTo = upTo.Value, write.Now }, transaction);
        await EventOutbox.AdvanceAsync(write, Consumer, upTo.Value);
        await write.CommitAsync();
        return true;
    }

    /// <summary>Posts the deliveries due now; true when any was attempted.</summary>
    private async Task<bool> SendDueAsync(CancellationToken cancellationToken)
    {
        List<DueDelivery> due;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<DueDelivery>(WebhooksSql.Due(db.Dialect), new { Now = clock.GetUtcNow(), Take = SendBatch })).AsList();
        }

        foreach (var delivery in due)
        {
            if (!delivery.Allowed)
            {
                await WithholdAsync(delivery, cancellationToken);
                continue;
            }

            // The secret is opened only to sign; one that does not open (altered in the database, or sealed under other key
            // material) signs nothing: the attempt fails without a request, logged, and is retried (a key put right resumes it).
            var (status, error) = secrets.TryOpen(delivery.StoredSecret, out var secret)
                ? await sender.SendAsync(delivery, secret, Body(delivery), cancellationToken)
                : Unreadable(delivery);
            if (error is null)
            {
                await RecordAsync(WebhooksSql.Delivered, new { delivery.Id, delivery.SubscriptionId, ResponseStatus = status, Now = clock.GetUtcNow() });
                continue;
            }

            await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
            var (connection, transaction) = write;
            await connection.ExecuteAsync(WebhooksSql.Failed, new
            {
                delivery.Id, delivery.SubscriptionId, ResponseStatus = status, Error = error.Length > 500 ? error[..500] : error, write.Now,
                Next = write.Now + options.Backoff(delivery.Attempts + 1),
            }, transaction);
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"Disabled after {options.DisableAfterFailures} failed attempts in a row (last: {(error.Length > 300 ? error[..300] : error)}).");
            if (await connection.ExecuteAsync(WebhooksSql.DisableIfFailing,
                    new { delivery.SubscriptionId, Limit = options.DisableAfterFailures, Reason = reason, write.Now }, transaction) > 0)
            {
                await write.AuditAsync(new AuditEvent("webhook-subscription.disabled", "webhook-subscription",
                    delivery.SubscriptionId.ToString(CultureInfo.InvariantCulture), After: new { reason }));
                logger.LogWarning("Webhook subscription {Subscription} disabled after {Failures} failed attempts.", delivery.SubscriptionId, options.DisableAfterFailures);
            }

            await write.CommitAsync();
        }

        return due.Count > 0;
    }

    private (int? Status, string? Error) Unreadable(DueDelivery delivery)
    {
        logger.LogError("The signing secret of webhook subscription {Subscription} does not decrypt (altered in the database, or another "
            + "Audit:ChainKey): delivery {Delivery} was not sent. Rotate the subscription's secret, or restore the key.", delivery.SubscriptionId, delivery.Id);
        return (null, UnreadableSecret);
    }

    /// <summary>Marks a delivery whose client may no longer read what its event concerns as withheld, with the reason, never sent.</summary>
    private async Task WithholdAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        string reason;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            reason = await connection.ExecuteScalarAsync<string?>(WebhooksSql.WithheldBecause, new { delivery.Id })
                ?? "The agency system may no longer receive this event.";
        }

        await RecordAsync(WebhooksSql.Withhold, new { delivery.Id, Error = reason, Now = clock.GetUtcNow() });
        logger.LogInformation("Webhook delivery {Delivery} ({Kind}, {Event}) to subscription {Subscription} withheld: {Reason}",
            delivery.Id, delivery.Kind, delivery.EventKey, delivery.SubscriptionId, reason);
    }

    private async Task RecordAsync(string sql, object parameters)
    {
        await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
        var (connection, transaction) = write;
        await connection.ExecuteAsync(sql, parameters, transaction);
        await write.CommitAsync();
    }

    /// <summary>The Standard Webhooks body: <c>{type, timestamp, data}</c>, data being the event's payload and its id.</summary>
    internal static string Body(DueDelivery delivery)
    {
        var data = JsonNode.Parse(delivery.PayloadJson) as JsonObject ?? [];
        data["eventId"] = delivery.EventKey;
        var body = new JsonObject
        {
            ["type"] = delivery.Kind,
            ["timestamp"] = delivery.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        return body.ToJsonString(Json);
    }
}

/// <summary>Posts one delivery, signed, to its target through a connection that refuses internal addresses (<see cref="WebhookTargets"/>).</summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient client;
    private readonly TimeProvider clock;

    public WebhookSender(WebhookTargets targets, WebhookOptions options, TimeProvider clock)
    {
        this.clock = clock;
        client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectCallback = targets.ConnectAsync,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        })
        {
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("CoordinationApi-Webhooks", "1"));
    }

    /// <summary>The receiver's status (null when it did not answer) and, when the attempt failed, why.</summary>
    /// <param name="delivery">What to post, and where.</param>
    /// <param name="secret">The subscription's secret, opened just now to sign.</param>
    /// <param name="body">The request body.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    internal async Task<(int? Status, string? Error)> SendAsync(DueDelivery delivery, string secret, string body, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.EventKey);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, delivery.EventKey, timestamp, body));
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? (status, null) : (status, $"The receiver answered {status}.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, "The receiver did not answer in time.");
        }
        catch (HttpRequestException failure)
        {
            return (null, failure.InnerException is { } inner ? $"{failure.Message} {inner.Message}" : failure.Message);
        }
    }

    public void Dispose() => client.Dispose();
}
