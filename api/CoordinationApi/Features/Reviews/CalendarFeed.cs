using CoordinationApi.Infrastructure.OpenApi;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CoordinationApi.Features.Reviews;

/// <summary>Filters of the calendar feed.</summary>
/// <param name="RegulationId">Only this regulation's reviews.</param>
/// <param name="Agency">Only reviews hosted by this agency (code).</param>
/// <param name="Token">A personal feed token, for calendar programs that cannot send a header.</param>
public sealed record CalendarQuery(
    [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "agency")] string? Agency,
    [property: FromQuery(Name = "token")] string? Token);

internal sealed class CalendarQueryValidator : AbstractValidator<CalendarQuery>
{
    public CalendarQueryValidator()
    {
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.Agency).MaximumLength(Bounds.Code);
        RuleFor(q => q.Token).MaximumLength(Bounds.Name);
    }
}

/// <summary>A personal calendar feed token, shown once.</summary>
/// <param name="Token">Append as <c>?token=…</c> to the feed URL.</param>
/// <param name="FeedUrl">The feed's path with the token.</param>
public sealed record FeedTokenDto(string Token, string FeedUrl);

/// <summary>What a reminder is about: a review's date or a task's due date.</summary>
public static class ReminderKinds
{
    public const string Review = "review";
    public const string Task = "task";

    [VocabularyName("ReminderKind")]
    public static readonly string[] All = [Review, Task];
}

/// <summary>Something due soon: a review or a task.</summary>
/// <param name="Kind">review or task.</param>
/// <param name="Id">Review or task id.</param>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Date">The review's date or the task's due date.</param>
/// <param name="TitleVi">What, in Vietnamese.</param>
/// <param name="TitleEn">What, in English.</param>
/// <param name="Status">Its status.</param>
/// <param name="AgencyCode">Host agency (review) or lead agency (task).</param>
public sealed record ReminderDto([Vocabulary(typeof(ReminderKinds))] string Kind, int Id, int RegulationId, DateOnly Date, string TitleVi, string TitleEn, string Status, string AgencyCode)
    : IClassifiedRecord
{
    /// <summary>The task's classification level (reviews are not classified), for the audit of classified reads (not serialised).</summary>
    internal int Classification { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited =>
        new(Kind, Id.ToString(CultureInfo.InvariantCulture), (Clearance)Classification, RegulationId);
}

/// <summary>How far ahead to look.</summary>
/// <param name="Days">Days ahead, 1–366 (default 30).</param>
/// <param name="RegulationId">Only this regulation.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record RemindersQuery(
    [property: FromQuery(Name = "days")] int? Days,
    [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class RemindersQueryValidator : AbstractValidator<RemindersQuery>
{
    public RemindersQueryValidator(Cursors cursors)
    {
        Include(new PageRules<RemindersQuery>(cursors, CalendarFeed.RemindersList, CalendarFeed.IsReminderPosition));
        RuleFor(q => q.Days).InclusiveBetween(1, 366).When(q => q.Days is not null);
        RuleFor(q => q.RegulationId).IsId();
    }
}

/// <summary>The review schedule as an RFC 5545 calendar, and reminders for agency systems.</summary>
public static class CalendarFeed
{
    public const string TokenScheme = AuthSetup.QueryTokenScheme;

    public static RouteGroupBuilder MapCalendar(this RouteGroupBuilder api)
    {
        api.MapGet("/reviews.ics", GetReviewCalendar).WithName(nameof(GetReviewCalendar)).ReturnsNoClassifiedData().WithTags("Reviews")
            .RequireAccess(Access.ReviewsRead).WithMetadata(QueryTokenAccepted.Instance)
            .Produces<string>(StatusCodes.Status200OK, "text/calendar");
        api.MapPost("/auth/feed-token", CreateFeedToken).WithName(nameof(CreateFeedToken)).WithTags("Auth")
            .RequireAccess(Access.People);
        api.MapGet("/reminders", ListReminders).WithName(nameof(ListReminders)).WithTags("Reviews")
            .RequireAccess(Access.ReviewsRead);
        return api;
    }

    /// <summary>
    /// The scheduled reviews (one event each, all-day on their date) as an iCalendar feed, for calendar programs.
    /// Authenticate with an API key, a bearer token, or a personal feed token as <c>?token=</c>.
    /// </summary>
    public static async Task<Results<FileContentHttpResult, ValidationProblem>> GetReviewCalendar(
        [AsParameters] CalendarQuery query, Caller caller, [AsParameters] ReviewServices services, CancellationToken cancellationToken)
    {
        var host = query.Agency is null ? null : services.Reference.Agency(query.Agency);
        if (query.Agency is not null && host is null)
        {
            return Problems.Invalid("agency", $"'{query.Agency}' is not an agency.");
        }

        await using var connection = await services.Db.OpenReadAsync(cancellationToken);
        var reviews = await connection.QueryAsync<ReviewRow>(new CommandDefinition(ReviewsSql.List, CallerParameters.For(caller, new
        {
            query.RegulationId, Year = (int?)null, Status = (string?)null, HostAgencyId = host?.Id,
        }), cancellationToken: cancellationToken));

        var calendar = new Ical.Net.Calendar { ProductId = "-//CoordinationApi//Review schedule//VI" };
        calendar.AddProperty("X-WR-CALNAME", "Lịch sơ kết, tổng kết Quy chế phối hợp / Coordination reviews");
        calendar.AddProperty("X-WR-TIMEZONE", "Asia/Ho_Chi_Minh");
        var stamp = new CalDateTime(services.Clock.GetUtcNow().UtcDateTime);
        foreach (var review in reviews.Where(r => r.ScheduledOn is not null && r.Status != ReviewStatuses.Cancelled))
        {
            var day = review.ScheduledOn!.Value;
            calendar.Events.Add(new CalendarEvent
            {
                Uid = string.Create(CultureInfo.InvariantCulture, $"review-{review.Id}@coordination-api"),
                DtStamp = stamp,
                DtStart = new CalDateTime(day.Year, day.Month, day.Day),
                DtEnd = new CalDateTime(day.AddDays(1).Year, day.AddDays(1).Month, day.AddDays(1).Day),
                Summary = Title(review),
                Location = review.Venue,
                Description = $"Host: {review.HostAgencyCode}. Status: {review.Status}." + (review.Chairs is null ? "" : $" Chairs: {review.Chairs}."),
                Status = review.Status == ReviewStatuses.Postponed ? "TENTATIVE" : "CONFIRMED",
            });
        }

        var text = new CalendarSerializer().SerializeToString(calendar) ?? "";
        return TypedResults.File(Encoding.UTF8.GetBytes(text), "text/calendar; charset=utf-8", "reviews.ics");
    }

    /// <summary>Creates (or replaces) the caller's personal feed token. It is shown once; only its hash is kept.</summary>
    public static async Task<Ok<FeedTokenDto>> CreateFeedToken(
        Caller caller, WriteScopes writes, CancellationToken cancellationToken)
    {
        // Bound to the caller's security stamp (StampBinding): a change of their roles, clearance, active state or password ends it.
        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var stamp = await connection.ExecuteScalarAsync<string>(CalendarSql.Stamp, new { UserId = int.Parse(caller.Id, CultureInfo.InvariantCulture) }, transaction);
        var secret = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var token = $"cft_{secret}.{StampBinding(secret, stamp ?? "")}";
        await connection.ExecuteAsync(CalendarSql.DeleteToken, new { UserId = int.Parse(caller.Id, CultureInfo.InvariantCulture) }, transaction);
        await connection.ExecuteAsync(CalendarSql.InsertToken, new
        {
            UserId = int.Parse(caller.Id, CultureInfo.InvariantCulture), TokenHash = ApiKeys.Hash(token), Now = write.Now,
        }, transaction);
        await write.AuditAsync(new AuditEvent("user.feed-token", "user", caller.Id, Classification: caller.Clearance));
        await write.CommitAsync();
        return TypedResults.Ok(new FeedTokenDto(token, $"/api/v1/reviews.ics?token={token}"));
    }

    /// <summary>
    /// The part of a feed token that ties it to the security stamp it was issued under: checked against the user's current
    /// stamp on every use, so every change that gives a new stamp ends the token (the whole token is what is hashed and kept).
    /// </summary>
    internal static string StampBinding(string secret, string stamp) =>
        System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes($"{secret}\n{stamp}")))[..22];

    internal const string RemindersList = "reminders";

    /// <summary>A reminder's position in the merged order: <c>yyyy-MM-dd|kind|id</c>.</summary>
    internal static bool IsReminderPosition(string position) =>
        position.Split('|') is [var date, var kind, var id] && (kind is ReminderKinds.Review or ReminderKinds.Task) && Cursors.IsId(id)
        && DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static string ReminderPosition(ReminderDto reminder) =>
        string.Create(CultureInfo.InvariantCulture, $"{reminder.Date:yyyy-MM-dd}|{reminder.Kind}|{reminder.Id}");

    /// <summary>
    /// Reviews and task due dates within the next N days, for agency systems' reminders, in one order: by date, then kind
    /// (<c>review</c> before <c>task</c>), then id. Each kind is read in that order after the cursor's (date, kind, id), a page
    /// of each at most, and the two are merged.
    /// </summary>
    public static async Task<Ok<Page<ReminderDto>>> ListReminders(
        [AsParameters] RemindersQuery query, Caller caller, [AsParameters] ReviewServices services, CancellationToken cancellationToken)
    {
        var (db, clock) = (services.Db, services.Clock);
        var today = clock.Today();
        var until = today.AddDays(query.Days ?? 30);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        var position = services.Cursors.PositionOf(RemindersList, query.Cursor).Split('|');
        DateOnly? keyDate = position.Length == 3 ? DateOnly.ParseExact(position[0], "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        var keyId = position.Length == 3 ? Cursors.ParseId(position[2]) : 0;

        // On the cursor's date, a review cursor is followed by the reviews after its id and every task; a task cursor by the tasks after its id.
        var afterReview = position.Length == 3 && position[1] == ReminderKinds.Task ? int.MaxValue : keyId;
        var afterTask = position.Length == 3 && position[1] == ReminderKinds.Task ? keyId : 0;
        await using var connection = await db.OpenReadAsync(cancellationToken);
        var reviews = await connection.QueryAsync<ReviewRow>(new CommandDefinition(CalendarSql.ReviewsDue(db.Dialect), CallerParameters.For(caller, new
        {
            query.RegulationId, Today = today, Until = (DateOnly?)until, FromYear = 0, KeyDate = keyDate, KeyId = afterReview, Take = limit + 1,
        }), cancellationToken: cancellationToken));
        var tasks = await connection.QueryAsync<Tasks.TaskSummaryRow>(new CommandDefinition(CalendarSql.TasksDue(db.Dialect), CallerParameters.For(caller, new
        {
            query.RegulationId, Today = today, Until = until, KeyDate = keyDate, KeyId = afterTask, Take = limit + 1,
        }), cancellationToken: cancellationToken));
        var merged = reviews
            .Select(r => new ReminderDto(ReminderKinds.Review, r.Id, r.RegulationId, r.ScheduledOn!.Value, TitleVi(r), Title(r), r.Status, r.HostAgencyCode))
            .Concat(tasks.Select(t => new ReminderDto(ReminderKinds.Task, t.Id, t.RegulationId, t.DueDate, $"{t.Code} {t.TitleVi}", $"{t.Code} {t.TitleEn}", t.Status, t.LeadAgencyCode) { Classification = t.Classification }))
            .OrderBy(r => r.Date).ThenBy(r => r.Kind, StringComparer.Ordinal).ThenBy(r => r.Id)
            .Take(limit + 1)
            .ToList();
        return TypedResults.Ok(services.Cursors.ToPage(RemindersList, merged, limit, ReminderPosition));
    }

    internal static string Title(ReviewRow review) => review.Kind switch
    {
        ReviewKinds.Annual => $"Annual review {review.PeriodYear} (host {review.HostAgencyCode})",
        ReviewKinds.Preliminary => $"Preliminary review after {review.PeriodYear} (host {review.HostAgencyCode})",
        _ => $"Extraordinary review {review.PeriodYear} (host {review.HostAgencyCode})",
    };

    internal static string TitleVi(ReviewRow review) => review.Kind switch
    {
        ReviewKinds.Annual => $"Hội nghị đánh giá kết quả phối hợp năm {review.PeriodYear} (chủ trì: {review.HostAgencyCode})",
        ReviewKinds.Preliminary => $"Sơ kết thực hiện Quy chế đến năm {review.PeriodYear} (chủ trì: {review.HostAgencyCode})",
        _ => $"Hội nghị đột xuất năm {review.PeriodYear} (chủ trì: {review.HostAgencyCode})",
    };
}

/// <summary>Authenticates <c>?token=</c> on the calendar feed as the person who owns the token.</summary>
public sealed class FeedTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, DbConnectionFactory db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // A feed token opens the calendar feed and nothing else.
        var token = Request.Query["token"].ToString();
        if (token.Length == 0 || Context.GetEndpoint()?.Metadata.GetMetadata<QueryTokenAccepted>() is null)
        {
            return AuthenticateResult.NoResult();
        }

        await using var connection = await db.OpenAsync(Context.RequestAborted);
        var user = await connection.QuerySingleOrDefaultAsync<FeedUserRow>(new CommandDefinition(
            CalendarSql.UserByToken, new { TokenHash = ApiKeys.Hash(token) }, cancellationToken: Context.RequestAborted));
        var parts = token.StartsWith("cft_", StringComparison.Ordinal) ? token[4..].Split('.') : [];
        if (user is null || parts.Length != 2 || !CryptographicOperations.FixedTimeEquals(
                Encoding.ASCII.GetBytes(parts[1]), Encoding.ASCII.GetBytes(CalendarFeed.StampBinding(parts[0], user.SecurityStamp))))
        {
            return AuthenticateResult.Fail("Unknown or revoked feed token.");
        }

        var claims = new List<Claim>
        {
            new(CallerClaims.Subject, user.Id.ToString(CultureInfo.InvariantCulture)),
            new(CallerClaims.Name, user.Username),
            new(CallerClaims.DisplayName, user.DisplayName),
            new(CallerClaims.Kind, "user"),
            new(CallerClaims.Agency, user.AgencyCode),
            new(CallerClaims.Clearance, ((Clearance)user.Clearance).ToName()),
        };
        claims.AddRange(user.Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(CallerClaims.Role, r)));
        return AuthenticateResult.Success(new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity(claims, CalendarFeed.TokenScheme, CallerClaims.Name, CallerClaims.Role)), CalendarFeed.TokenScheme));
    }

    private sealed record FeedUserRow
    {
        public int Id { get; init; }

        public string Username { get; init; } = "";

        public string DisplayName { get; init; } = "";

        public string AgencyCode { get; init; } = "";

        public string Roles { get; init; } = "";

        public int Clearance { get; init; }

        public string SecurityStamp { get; init; } = "";
    }
}

internal static class CalendarSql
{
    public const string DeleteToken = "DELETE FROM feed_tokens WHERE user_id = @UserId;";

    public const string InsertToken = "INSERT INTO feed_tokens (user_id, token_hash, created_at) VALUES (@UserId, @TokenHash, @Now);";

    public const string Stamp = "SELECT security_stamp FROM users WHERE id = @UserId;";

    /// <summary>Only an active user's token works, and only under the stamp it was issued with (checked in code).</summary>
    public const string UserByToken = """
        SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName, a.code AS AgencyCode, u.roles AS Roles, u.clearance AS Clearance,
               u.security_stamp AS SecurityStamp
        FROM feed_tokens f
        JOIN users u ON u.id = f.user_id
        JOIN agencies a ON a.id = u.agency_id
        WHERE f.token_hash = @TokenHash AND u.active = 1;
        """;

    /// <summary>
    /// Upcoming reviews with a date up to <c>@Until</c>, by date, then id, after (<c>@KeyDate</c>, <c>@KeyId</c>) (a null
    /// <c>@KeyDate</c> on the first page).
    /// </summary>
    public static string ReviewsDue(SqlDialect dialect) => ReviewsSql.Upcoming(dialect).Replace(
        "ORDER BY r.period_year, r.scheduled_on, r.id",
        "  AND r.scheduled_on IS NOT NULL AND (@KeyDate IS NULL OR r.scheduled_on > @KeyDate OR (r.scheduled_on = @KeyDate AND r.id > @KeyId))\nORDER BY r.scheduled_on, r.id",
        StringComparison.Ordinal);

    /// <summary>Open tasks due between <c>@Today</c> and <c>@Until</c>, by due date, then id, after (<c>@KeyDate</c>, <c>@KeyId</c>).</summary>
    public static string TasksDue(SqlDialect dialect) => $"""
        SELECT {Tasks.TaskListSql.SummaryColumns}
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        JOIN agencies la ON la.id = t.lead_agency_id
        WHERE {Tasks.TaskListSql.Visible} AND (@RegulationId IS NULL OR t.regulation_id = @RegulationId)
          AND t.status IN ('draft', 'assigned', 'in_progress') AND t.due_date BETWEEN @Today AND @Until
          AND (@KeyDate IS NULL OR t.due_date > @KeyDate OR (t.due_date = @KeyDate AND t.id > @KeyId))
        ORDER BY t.due_date, t.id
        {dialect.Limit("@Take")};
        """;
}
