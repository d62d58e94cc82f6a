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

namespace CoordinationApi.Features.Notifications;

/// <summary>Something that happened that concerns you.</summary>
/// <param name="Id">Notification id (yours alone).</param>
/// <param name="EventId">The event it tells of (<c>evt_…</c>): the same id webhooks and mails carry.</param>
/// <param name="Kind">What happened.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="ReadAt">When you marked it read; null while unread.</param>
/// <param name="ActorName">Who did it: a username, an agency system's name, or <c>system</c> (reminders).</param>
/// <param name="ActorKind">user (a person), client (an agency system) or system.</param>
/// <param name="TaskId">The task it concerns, if any.</param>
/// <param name="TaskCode">That task's code.</param>
/// <param name="ReviewId">The review it concerns, if any.</param>
/// <param name="RegulationId">The regulation it belongs to.</param>
/// <param name="Text">A sentence saying what happened, in the language asked for (<c>Accept-Language</c> vi or en; else your account's).</param>
/// <param name="Link">Where the web app shows it (e.g. <c>/tasks/12</c>, <c>/reviews/3</c>).</param>
public sealed record NotificationDto(
    int Id, string EventId, [Vocabulary(typeof(EventKinds))] string Kind, DateTimeOffset OccurredAt, DateTimeOffset? ReadAt, string ActorName,
    [Vocabulary(typeof(AuthorKinds))] string ActorKind, int? TaskId, string? TaskCode, int? ReviewId, int? RegulationId, string Text, string Link) : IClassifiedRecord
{
    /// <summary>The task or review it names, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>How many of your notifications are unread.</summary>
/// <param name="Unread">The number of unread notifications.</param>
public sealed record UnreadCountDto(int Unread);

/// <summary>What marking all read did.</summary>
/// <param name="Marked">How many unread notifications were marked read.</param>
public sealed record MarkedDto(int Marked);

/// <summary>Filters and paging of your notifications (newest first).</summary>
/// <param name="Unread">true: only unread ones; false: only read ones; omitted: all.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record NotificationsQuery(
    [property: FromQuery(Name = "unread")] bool? Unread,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class NotificationsQueryValidator : AbstractValidator<NotificationsQuery>
{
    public NotificationsQueryValidator(Cursors cursors) =>
        Include(new PageRules<NotificationsQuery>(cursors, NotificationsEndpoints.ListName, Cursors.IsId));
}

/// <summary>What the notification handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record NotificationServices(DbConnectionFactory Db, WriteScopes Writes, Cursors Cursors, HttpContext Http);

/// <summary>
/// A person's notifications (issue 19): what the <c>notifications</c> consumer of the outbox wrote for them, newest first.
/// People only (an agency system has webhooks); each sees their own, and only those they are still cleared for.
/// </summary>
public static class NotificationsEndpoints
{
    internal const string ListName = "notifications";

    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/notifications").WithTags("Notifications").RequireAccess(Access.People);
        group.MapGet("", ListNotifications).WithName(nameof(ListNotifications));
        group.MapGet("/unread-count", GetUnreadNotificationCount).WithName(nameof(GetUnreadNotificationCount)).ReturnsNoClassifiedData();
        group.MapPost("/{id:int}/read", MarkNotificationRead).WithName(nameof(MarkNotificationRead))
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/read-all", MarkAllNotificationsRead).WithName(nameof(MarkAllNotificationsRead));
        return api;
    }

    /// <summary>
    /// Your notifications, newest first, paged. Each says what happened in a sentence (Vietnamese or English, by
    /// <c>Accept-Language</c>, else your account's language) and where the web app shows it. A notification of a task or
    /// review you are no longer cleared for (or whose regulation your agency left) is not listed.
    /// </summary>
    public static async Task<Ok<Page<NotificationDto>>> ListNotifications(
        [AsParameters] NotificationsQuery query, Caller caller, [AsParameters] NotificationServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var userId = UserId(caller);
        var language = NotificationText.LanguageOf(services.Http.Request, await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            NotificationsSql.Language, new { UserId = userId }, cancellationToken: cancellationToken)) ?? ContentLanguages.Vietnamese);
        var rows = (await connection.QueryAsync<NotificationRow>(new CommandDefinition(NotificationsSql.List(services.Db.Dialect), CallerParameters.For(caller, new
        {
            UserId = userId,
            Unread = query.Unread is { } unread ? (unread ? 1 : 0) : (int?)null,
            KeyId = key.Length == 0 ? 0 : Cursors.ParseId(key),
            Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => Cursors.Position(r.Id));
        return TypedResults.Ok(new Page<NotificationDto>([.. page.Items.Select(r => r.ToDto(language))], page.NextCursor));
    }

    /// <summary>How many of your notifications are unread (those the list shows with <c>unread=true</c>).</summary>
    public static async Task<Ok<UnreadCountDto>> GetUnreadNotificationCount(
        Caller caller, [AsParameters] NotificationServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var unread = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            NotificationsSql.UnreadCount, CallerParameters.For(caller, new { UserId = UserId(caller) }), cancellationToken: cancellationToken));
        return TypedResults.Ok(new UnreadCountDto(unread));
    }

    /// <summary>Marks one of your notifications read (again: nothing changes). Another's, or one you may not see, is a 404.</summary>
    /// <param name="id">Notification id.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> MarkNotificationRead(
        int id, Caller caller, [AsParameters] NotificationServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var parameters = CallerParameters.For(caller, new { Id = id, UserId = UserId(caller), write.Now });
        if (await connection.ExecuteScalarAsync<int>(NotificationsSql.Exists, parameters, transaction) == 0)
        {
            return Problems.NotFound($"You have no notification {id}.");
        }

        // Reading is the reader's own business: it changes no shared record, so it leaves no audit entry.
        if (await connection.ExecuteAsync(NotificationsSql.MarkRead, parameters, transaction) > 0)
        {
            await write.CommitAsync();
        }

        return TypedResults.NoContent();
    }

    /// <summary>Marks every unread notification of yours read; answers how many were.</summary>
    public static async Task<Ok<MarkedDto>> MarkAllNotificationsRead(
        Caller caller, [AsParameters] NotificationServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var marked = await connection.ExecuteAsync(
            NotificationsSql.MarkAllRead, CallerParameters.For(caller, new { UserId = UserId(caller), write.Now }), transaction);
        if (marked > 0)
        {
            await write.CommitAsync();
        }

        return TypedResults.Ok(new MarkedDto(marked));
    }

    /// <summary>The signed-in person's user id (the routes are for people only).</summary>
    internal static int UserId(Caller caller) => caller.Kind == CallerKind.User
        ? int.Parse(caller.Id, NumberStyles.None, CultureInfo.InvariantCulture)
        : throw new InvalidOperationException("Notifications are for people.");
}

/// <summary>A notification as read, before its sentence is written.</summary>
internal sealed record NotificationRow
{
    public int Id { get; init; }

    public string EventKey { get; init; } = "";

    public string Kind { get; init; } = "";

    public DateTimeOffset OccurredAt { get; init; }

    public DateTimeOffset? ReadAt { get; init; }

    public string ActorName { get; init; } = "";

    public string ActorKind { get; init; } = "";

    public int? TaskId { get; init; }

    public string? TaskCode { get; init; }

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public int? ReviewId { get; init; }

    public int? ReviewYear { get; init; }

    public int? RegulationId { get; init; }

    public Clearance Classification { get; init; }

    public string PayloadJson { get; init; } = "{}";

    public NotificationDto ToDto(string language) => new(
        Id, EventKey, Kind, OccurredAt, ReadAt, ActorName, ActorKind, TaskId, TaskCode, ReviewId, RegulationId, NotificationText.Compose(this, language),
        TaskId is { } task ? $"/tasks/{task}" : ReviewId is { } review ? $"/reviews/{review}" : "/")
    {
        Of = TaskId is { } audited
            ? new ClassifiedRecord("task", audited.ToString(CultureInfo.InvariantCulture), Classification, RegulationId)
            : new ClassifiedRecord("review", ReviewId?.ToString(CultureInfo.InvariantCulture) ?? "", Classification, RegulationId),
    };
}

internal static class NotificationsSql
{
    private const string From = """
        FROM notifications n
        JOIN events e ON e.id = n.event_id
        LEFT JOIN tasks t ON t.id = e.task_id
        LEFT JOIN reviews r ON r.id = e.review_id
        """;

    private const string RegulationOf = "COALESCE(t.regulation_id, r.regulation_id, e.regulation_id)";

    /// <summary>
    /// A notification its owner may still see: the event and (as it is now) its task within their clearance, its
    /// regulation one their agency is party to.
    /// </summary>
    private static readonly string Visible =
        $"{Scope.WithinClearance("e.classification")} AND (t.id IS NULL OR {Scope.WithinClearance("t.classification")}) " +
        $"AND ({RegulationOf} IS NULL OR {Scope.RegulationVisible(RegulationOf)})";

    public const string Language = "SELECT language FROM users WHERE id = @UserId;";

    public static string List(SqlDialect dialect) => $"""
        SELECT n.id AS {nameof(NotificationRow.Id)}, e.event_key AS {nameof(NotificationRow.EventKey)}, e.kind AS {nameof(NotificationRow.Kind)},
               e.occurred_at AS {nameof(NotificationRow.OccurredAt)}, n.read_at AS {nameof(NotificationRow.ReadAt)},
               e.actor_name AS {nameof(NotificationRow.ActorName)}, e.actor_type AS {nameof(NotificationRow.ActorKind)}, e.task_id AS {nameof(NotificationRow.TaskId)}, t.code AS {nameof(NotificationRow.TaskCode)},
               t.title_vi AS {nameof(NotificationRow.TitleVi)}, t.title_en AS {nameof(NotificationRow.TitleEn)}, e.review_id AS {nameof(NotificationRow.ReviewId)},
               r.period_year AS {nameof(NotificationRow.ReviewYear)}, {RegulationOf} AS {nameof(NotificationRow.RegulationId)},
               e.classification AS {nameof(NotificationRow.Classification)}, e.payload_json AS {nameof(NotificationRow.PayloadJson)}
        {From}
        WHERE n.user_id = @UserId AND {Visible}
          AND (@Unread IS NULL OR (@Unread = 1 AND n.read_at IS NULL) OR (@Unread = 0 AND n.read_at IS NOT NULL))
          AND (@KeyId = 0 OR n.id < @KeyId)
        ORDER BY n.id DESC
        {dialect.Limit("@Take")};
        """;

    public static readonly string UnreadCount = $"SELECT COUNT(*) {From} WHERE n.user_id = @UserId AND n.read_at IS NULL AND {Visible};";

    public static readonly string Exists = $"SELECT COUNT(*) {From} WHERE n.id = @Id AND n.user_id = @UserId AND {Visible};";

    public const string MarkRead = "UPDATE notifications SET read_at = @Now WHERE id = @Id AND user_id = @UserId AND read_at IS NULL;";

    public static readonly string MarkAllRead = $"""
        UPDATE notifications SET read_at = @Now
        WHERE user_id = @UserId AND read_at IS NULL
          AND id IN (SELECT n.id {From} WHERE n.user_id = @UserId AND n.read_at IS NULL AND {Visible});
        """;
}
