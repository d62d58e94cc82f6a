using System.Globalization;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Webhooks;

/// <summary>A webhook subscription of an agency system: where the events of the chosen kinds are posted.</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="Url">Where events are posted (https).</param>
/// <param name="Kinds">The kinds of event posted.</param>
/// <param name="Description">What the subscription is for.</param>
/// <param name="Active">Whether events are posted; false once disabled (by hand, or after repeated failures).</param>
/// <param name="DisabledReason">Why it was disabled, while it is.</param>
/// <param name="ConsecutiveFailures">Failed attempts in a row since the last success.</param>
/// <param name="ClientId">The agency system that owns it.</param>
/// <param name="ClientName">That system's name.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
public sealed record WebhookSubscriptionDto(
    int Id, string Url, [Vocabulary(typeof(EventKinds))] List<string> Kinds, string? Description, bool Active, string? DisabledReason,
    int ConsecutiveFailures, Guid ClientId, string ClientName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A subscription just created (or whose secret was just rotated), with its signing secret: shown this once.</summary>
/// <param name="Id">Subscription id.</param>
/// <param name="Url">Where events are posted.</param>
/// <param name="Kinds">The kinds of event posted.</param>
/// <param name="Description">What the subscription is for.</param>
/// <param name="Active">Whether events are posted.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="Secret">The signing secret (<c>whsec_</c> + base64): verify each delivery's <c>webhook-signature</c> with it. Never shown again.</param>
public sealed record WebhookSubscriptionCreatedDto(
    int Id, string Url, [Vocabulary(typeof(EventKinds))] List<string> Kinds, string? Description, bool Active, DateTimeOffset CreatedAt, string Secret);

/// <summary>A new webhook subscription.</summary>
/// <param name="Url">Where to post events: an absolute https URL (at most 2,000 characters) on a public address.</param>
/// <param name="Kinds">The kinds of event to post (at least one, each once).</param>
/// <param name="Description">What it is for (at most 500 characters).</param>
public sealed record CreateWebhookSubscriptionRequest(string Url, [Vocabulary(typeof(EventKinds))] List<string> Kinds, string? Description);

/// <summary>A subscription's settings (a GET's body may be sent back: its read-only members are ignored).</summary>
/// <param name="Url">Where to post events (owner only).</param>
/// <param name="Kinds">The kinds of event to post (owner only).</param>
/// <param name="Description">What it is for (owner only).</param>
/// <param name="Active">false disables it; true re-enables it (resets the failure count and sends what waits at once).</param>
[RoundTrips(typeof(WebhookSubscriptionDto))]
public sealed record UpdateWebhookSubscriptionRequest(string Url, [Vocabulary(typeof(EventKinds))] List<string> Kinds, string? Description, bool Active);

internal sealed class CreateWebhookSubscriptionRequestValidator : AbstractValidator<CreateWebhookSubscriptionRequest>
{
    public CreateWebhookSubscriptionRequestValidator()
    {
        RuleFor(r => r.Url).NotEmpty().MaximumLength(WebhookSubscriptionsEndpoints.MaxUrlLength);
        RuleFor(r => r.Kinds).NotEmpty().MaxItems(EventKinds.All.Count).Must(k => k is null || k.Distinct(StringComparer.Ordinal).Count() == k.Count)
            .WithMessage("Name each kind once.");
        RuleForEach(r => r.Kinds).NotEmpty().MaximumLength(60).Must(EventKinds.All.Contains).WithMessage("Not a kind of event.");
        RuleFor(r => r.Description).MaximumLength(WebhookSubscriptionsEndpoints.MaxDescriptionLength);
    }
}

internal sealed class UpdateWebhookSubscriptionRequestValidator : AbstractValidator<UpdateWebhookSubscriptionRequest>
{
    public UpdateWebhookSubscriptionRequestValidator()
    {
        RuleFor(r => r.Url).NotEmpty().MaximumLength(WebhookSubscriptionsEndpoints.MaxUrlLength);
        RuleFor(r => r.Kinds).NotEmpty().MaxItems(EventKinds.All.Count).Must(k => k is null || k.Distinct(StringComparer.Ordinal).Count() == k.Count)
            .WithMessage("Name each kind once.");
        RuleForEach(r => r.Kinds).NotEmpty().MaximumLength(60).Must(EventKinds.All.Contains).WithMessage("Not a kind of event.");
        RuleFor(r => r.Description).MaximumLength(WebhookSubscriptionsEndpoints.MaxDescriptionLength);
    }
}

/// <summary>The paging of the subscriptions list.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Limit">Page size (1 to 200, default 50).</param>
public sealed record WebhookSubscriptionsQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class WebhookSubscriptionsQueryValidator : AbstractValidator<WebhookSubscriptionsQuery>
{
    public WebhookSubscriptionsQueryValidator(Cursors cursors) =>
        Include(new PageRules<WebhookSubscriptionsQuery>(cursors, WebhookSubscriptionsEndpoints.SubscriptionsList, Cursors.IsId));
}

/// <summary>What the webhook handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record WebhookServices(
    DbConnectionFactory Db, WriteScopes Writes, Cursors Cursors, WebhookTargets Targets, WebhookSecrets Secrets, OutboxSignal Signal, HttpContext Http);

/// <summary>
/// Webhook subscriptions. An agency system (API key) manages its own; an admin of its agency (within the admin's clearance)
/// lists them, reads their delivery logs, disables or re-enables them, deletes them and asks for redeliveries.
/// </summary>
public static class WebhookSubscriptionsEndpoints
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    /// <summary>How many subscriptions one agency system may hold.</summary>
    public const int MaxPerClient = 25;

    internal const string SubscriptionsList = "webhook-subscriptions";

    public static RouteGroupBuilder MapWebhookSubscriptions(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks/subscriptions").WithTags("Webhooks").RequireAccess(Access.Webhooks).ReturnsNoClassifiedData();
        group.MapPost("", CreateWebhookSubscription).WithName(nameof(CreateWebhookSubscription)).WithMetadata(Idempotency.HonouredSecretShownOnce)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("", ListWebhookSubscriptions).WithName(nameof(ListWebhookSubscriptions));
        group.MapGet("/{id:int}", GetWebhookSubscription).WithName(nameof(GetWebhookSubscription)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:int}", UpdateWebhookSubscription).WithName(nameof(UpdateWebhookSubscription))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        group.MapDelete("/{id:int}", DeleteWebhookSubscription).WithName(nameof(DeleteWebhookSubscription)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:int}/rotate-secret", RotateWebhookSecret).WithName(nameof(RotateWebhookSecret)).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapWebhookDeliveries();
        return group;
    }

    /// <summary>
    /// Subscribes the calling agency system (API key only; a person gets 403) to kinds of event. The response holds the
    /// signing secret, shown this once. Events are posted for records the system may read: its clearance at least the
    /// event's classification, its agency a party of the event's regulation. With an <c>Idempotency-Key</c>, a retry creates
    /// nothing and answers 409 (<c>replay-withheld</c>) with the subscription's <c>Location</c>.
    /// </summary>
    public static async Task<Results<Created<WebhookSubscriptionCreatedDto>, ValidationProblem, ProblemHttpResult>> CreateWebhookSubscription(
        CreateWebhookSubscriptionRequest request, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        if (caller.Kind != CallerKind.Client)
        {
            return TypedResults.Problem("Webhooks are subscribed by an agency system with its API key; admins list and disable them.",
                statusCode: StatusCodes.Status403Forbidden, title: "Only an agency system subscribes.");
        }

        if (services.Targets.Refusal(request.Url) is { } refusal)
        {
            return Problems.Invalid("url", refusal);
        }

        var clientId = Guid.Parse(caller.Id);
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(request);
        async Task<WebhookSubscriptionDto?> IfVisible(WebhookSubscriptionDto created) => await ReadAsync(write, caller, created.Id);
        if (Idempotency.Withheld(services.Http, await write.ReplayAsync<WebhookSubscriptionDto>(services.Http, idempotencyKey, requestHash, IfVisible)) is { } earlier)
        {
            return earlier;
        }

        if (await connection.ExecuteScalarAsync<int>(WebhooksSql.CountOfClient, new { ClientId = clientId }, transaction) >= MaxPerClient)
        {
            return Problems.Conflict("Too many subscriptions.", $"An agency system holds at most {MaxPerClient} subscriptions: delete one first.");
        }

        var secret = WebhookSignature.NewSecret();
        var id = await connection.ExecuteScalarAsync<int>(WebhooksSql.Insert(write.Dialect),
            new { ClientId = clientId, Url = WebhookTargets.Normalised(request.Url), request.Description, Secret = services.Secrets.Seal(secret), write.Now }, transaction);
        await connection.ExecuteAsync(WebhooksSql.InsertKind, request.Kinds.Select(kind => new { Id = id, Kind = kind }), transaction);
        var created = (await ReadAsync(write, caller, id))!;
        await write.AuditAsync(new AuditEvent("webhook-subscription.create", "webhook-subscription", Id(id), After: created, Classification: caller.Clearance));
        var location = $"/api/v1/webhooks/subscriptions/{id}";
        if (Idempotency.Withheld(services.Http, await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created, IfVisible)) is { } winner)
        {
            return winner;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, WithSecret(created, secret));
    }

    /// <summary>The caller's subscriptions (an agency system) or those of the agency's systems (an admin), oldest first.</summary>
    public static async Task<Ok<Page<WebhookSubscriptionDto>>> ListWebhookSubscriptions(
        [AsParameters] WebhookSubscriptionsQuery query, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        var position = services.Cursors.PositionOf(SubscriptionsList, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        var rows = (await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(WebhooksSql.List(services.Db.Dialect),
            Parameters(caller, new { AfterId = position.Length == 0 ? 0 : Cursors.ParseId(position), Take = limit + 1 }),
            cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(SubscriptionsList, rows, limit, r => Cursors.Position(r.Id));
        var items = new List<WebhookSubscriptionDto>();
        foreach (var row in page.Items)
        {
            items.Add(row.ToDto(await KindsAsync(scope, row.Id)));
        }

        return TypedResults.Ok(new Page<WebhookSubscriptionDto>(items, page.NextCursor));
    }

    /// <summary>One subscription, with its ETag; never its secret.</summary>
    /// <param name="id">Subscription id.</param>
    public static async Task<Results<Ok<WebhookSubscriptionDto>, ProblemHttpResult>> GetWebhookSubscription(
        int id, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            WebhooksSql.One, Parameters(caller, new { Id = id }), cancellationToken: cancellationToken));
        if (row is null)
        {
            return NoSuchSubscription(id);
        }

        Concurrency.SetETag(services.Http, row.RowVersion);
        return TypedResults.Ok(row.ToDto(await KindsAsync(scope, id)));
    }

    /// <summary>
    /// Changes a subscription (<c>If-Match</c> required). Its agency system may change everything; an admin only disables or
    /// re-enables it (403 otherwise). Re-enabling resets the failure count and sends the waiting deliveries at once.
    /// </summary>
    /// <param name="id">Subscription id.</param>
    public static async Task<Results<Ok<WebhookSubscriptionDto>, ValidationProblem, ProblemHttpResult>> UpdateWebhookSubscription(
        int id, UpdateWebhookSubscriptionRequest request, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(WebhooksSql.One, Parameters(caller, new { Id = id }), transaction);
        if (row is null)
        {
            return NoSuchSubscription(id);
        }

        var before = row.ToDto(await KindsAsync(write, id));
        var kindsChanged = !before.Kinds.Order(StringComparer.Ordinal).SequenceEqual(request.Kinds.Order(StringComparer.Ordinal), StringComparer.Ordinal);
        var url = request.Url == before.Url ? before.Url : WebhookTargets.Normalised(request.Url);
        var settingsChanged = url != before.Url || request.Description != before.Description || kindsChanged;
        if (settingsChanged && !IsOwner(caller, row))
        {
            return TypedResults.Problem("An admin may disable or re-enable an agency system's subscription; its URL, kinds and description are the system's own.",
                statusCode: StatusCodes.Status403Forbidden, title: "Only the agency system changes its subscription.");
        }

        if (request.Url != before.Url && services.Targets.Refusal(request.Url) is { } refusal)
        {
            return Problems.Invalid("url", refusal);
        }

        if (!ifMatch.Matches(row.RowVersion))
        {
            return Concurrency.Stale();
        }

        if (!settingsChanged && request.Active == before.Active)
        {
            Concurrency.SetETag(services.Http, row.RowVersion);
            return TypedResults.Ok(before);
        }

        var reenabled = request.Active && !before.Active;
        var disabledReason = request.Active ? null
            : before.Active ? $"Disabled by {caller.Name} on {write.Now.ToString("u", CultureInfo.InvariantCulture)}." : row.DisabledReason;
        if (await connection.ExecuteAsync(WebhooksSql.Update, new
            {
                Id = id, Url = url, request.Description, request.Active, DisabledReason = disabledReason,
                ConsecutiveFailures = reenabled ? 0 : row.ConsecutiveFailures, write.Now, row.RowVersion,
            }, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        if (kindsChanged)
        {
            await connection.ExecuteAsync(WebhooksSql.DeleteKinds, new { Id = id }, transaction);
            await connection.ExecuteAsync(WebhooksSql.InsertKind, request.Kinds.Select(kind => new { Id = id, Kind = kind }), transaction);
        }

        if (reenabled)
        {
            await connection.ExecuteAsync(WebhooksSql.Resume, new { Id = id, write.Now }, transaction);
        }

        var after = (await ReadAsync(write, caller, id))!;
        await write.AuditAsync(new AuditEvent("webhook-subscription.update", "webhook-subscription", Id(id), before, after, (Clearance)row.ClientClearance));
        await write.CommitAsync();
        if (reenabled)
        {
            services.Signal.Pulse();
        }

        Concurrency.SetETag(services.Http, row.RowVersion + 1);
        return TypedResults.Ok(after);
    }

    /// <summary>Deletes a subscription and its delivery log; nothing more is posted to it.</summary>
    /// <param name="id">Subscription id.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhookSubscription(
        int id, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(WebhooksSql.One, Parameters(caller, new { Id = id }), transaction);
        if (row is null)
        {
            return NoSuchSubscription(id);
        }

        var before = row.ToDto(await KindsAsync(write, id));
        await connection.ExecuteAsync(WebhooksSql.Delete, new { Id = id }, transaction);
        await write.AuditAsync(new AuditEvent("webhook-subscription.delete", "webhook-subscription", Id(id), Before: before, Classification: (Clearance)row.ClientClearance));
        await write.CommitAsync();
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Replaces the subscription's signing secret (its agency system only; 403 for a person) and answers the new one, shown
    /// this once. Deliveries from now on are signed with it.
    /// </summary>
    /// <param name="id">Subscription id.</param>
    public static async Task<Results<Ok<WebhookSubscriptionCreatedDto>, ProblemHttpResult>> RotateWebhookSecret(
        int id, Caller caller, [AsParameters] WebhookServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(WebhooksSql.One, Parameters(caller, new { Id = id }), transaction);
        if (row is null)
        {
            return NoSuchSubscription(id);
        }

        if (!IsOwner(caller, row))
        {
            return TypedResults.Problem("Only the agency system that owns the subscription rotates its secret.",
                statusCode: StatusCodes.Status403Forbidden, title: "Only the agency system rotates its secret.");
        }

        var secret = WebhookSignature.NewSecret();
        await connection.ExecuteAsync(WebhooksSql.RotateSecret, new { Id = id, Secret = services.Secrets.Seal(secret), write.Now }, transaction);
        var after = (await ReadAsync(write, caller, id))!;
        await write.AuditAsync(new AuditEvent("webhook-subscription.rotate-secret", "webhook-subscription", Id(id), Classification: caller.Clearance));
        await write.CommitAsync();
        return TypedResults.Ok(WithSecret(after, secret));
    }

    internal static Dapper.DynamicParameters Parameters(Caller caller, object values)
    {
        var bag = CallerParameters.For(caller, values);
        bag.Add("ClientId", caller.Kind == CallerKind.Client && Guid.TryParse(caller.Id, out var client) ? client : (Guid?)null);
        bag.Add("IsAdmin", caller.IsInRole(Roles.Admin) ? 1 : 0);
        return bag;
    }

    internal static async Task<SubscriptionRow?> FindAsync(ReadScope scope, Caller caller, int id) =>
        await scope.Connection.QuerySingleOrDefaultAsync<SubscriptionRow>(WebhooksSql.One, Parameters(caller, new { Id = id }), scope.Transaction);

    internal static ProblemHttpResult NoSuchSubscription(int id) => Problems.NotFound($"You have no webhook subscription {id}.");

    private static bool IsOwner(Caller caller, SubscriptionRow row) =>
        caller.Kind == CallerKind.Client && Guid.TryParse(caller.Id, out var client) && client == row.ClientId;

    private static async Task<WebhookSubscriptionDto?> ReadAsync(ReadScope scope, Caller caller, int id) =>
        await FindAsync(scope, caller, id) is { } row ? row.ToDto(await KindsAsync(scope, id)) : null;

    private static async Task<List<string>> KindsAsync(ReadScope scope, int id)
    {
        var kinds = (await scope.Connection.QueryAsync<(int SubscriptionId, string Kind)>(WebhooksSql.Kinds, new { Id = id }, scope.Transaction))
            .Select(k => k.Kind).ToHashSet(StringComparer.Ordinal);
        return [.. EventKinds.All.Where(kinds.Contains)];
    }

    private static WebhookSubscriptionDto ToDto(this SubscriptionRow row, List<string> kinds) => new(
        row.Id, row.Url, kinds, row.Description, row.Active, row.DisabledReason, row.ConsecutiveFailures, row.ClientId, row.ClientName,
        row.CreatedAt, row.UpdatedAt);

    private static WebhookSubscriptionCreatedDto WithSecret(WebhookSubscriptionDto dto, string secret) =>
        new(dto.Id, dto.Url, dto.Kinds, dto.Description, dto.Active, dto.CreatedAt, secret);

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
