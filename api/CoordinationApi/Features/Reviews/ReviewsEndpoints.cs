using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Reviews;

/// <summary>Filters of the review list.</summary>
/// <param name="RegulationId">Only this regulation's reviews.</param>
/// <param name="Year">Only reviews of this plan year.</param>
/// <param name="Status">Only reviews in this status.</param>
/// <param name="HostAgency">Only reviews hosted by this agency (code).</param>
/// <param name="UpdatedSince">Only reviews changed at or after this instant (RFC 3339), in the order of their changes (<c>updatedAt</c>, then id). Recording an evaluation changes its review, so this also names the reviews whose evaluations to read again; a postponement or cancellation is a change of status.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record ListReviewsQuery(
    [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "year")] int? Year,
    [Vocabulary(typeof(ReviewStatuses))] [property: FromQuery(Name = "status")] string? Status,
    [property: FromQuery(Name = "hostAgency")] string? HostAgency,
    [property: FromQuery(Name = ChangeFeed.Parameter)] DateTimeOffset? UpdatedSince,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class ListReviewsQueryValidator : AbstractValidator<ListReviewsQuery>
{
    public ListReviewsQueryValidator(Cursors cursors)
    {
        Include(new PageRules<ListReviewsQuery>(cursors, ReviewsEndpoints.ListName, p => ReviewsEndpoints.IsListPosition(p) || ChangeFeed.IsPosition(p)));
        RuleFor(q => q.UpdatedSince).IsInstant();
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.Year).IsYear();
        RuleFor(q => q.Status).MaximumLength(Bounds.Code).Must(s => s is null || ReviewStatuses.All.Contains(s))
            .WithMessage($"Status must be one of: {string.Join(", ", ReviewStatuses.All)}.");
        RuleFor(q => q.HostAgency).MaximumLength(Bounds.Code);
    }
}

/// <summary>An extraordinary review, added by hand.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="PeriodYear">The plan year it reviews.</param>
/// <param name="HostAgencyCode">A party that hosts it.</param>
/// <param name="ScheduledOn">Its date, if known.</param>
/// <param name="Venue">Where.</param>
/// <param name="Reason">Why it is held.</param>
public sealed record CreateReviewRequest(int RegulationId, int PeriodYear, string HostAgencyCode, DateOnly? ScheduledOn, string? Venue, string Reason);

internal sealed class CreateReviewRequestValidator : AbstractValidator<CreateReviewRequest>
{
    public CreateReviewRequestValidator()
    {
        RuleFor(r => r.RegulationId).IsId();
        RuleFor(r => r.PeriodYear).InclusiveBetween(2000, 2100);
        RuleFor(r => r.ScheduledOn).IsDate();
        RuleFor(r => r.ScheduledOn).Must((r, on) => on is null || on.Value.Year >= r.PeriodYear)
            .WithMessage(r => $"A review of {r.PeriodYear} takes place in {r.PeriodYear} or later.");
        RuleFor(r => r.HostAgencyCode).NotEmpty().MaximumLength(32);
        RuleFor(r => r.Venue).MaximumLength(400);
        RuleFor(r => r.Reason).NotEmpty().MaximumLength(1000);
    }
}

/// <summary>What the review handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record ReviewServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, TimeProvider Clock);

/// <summary>What recording an evaluation uses: the writes, and the request for its If-Match and the answer's ETag.</summary>
public sealed record EvaluationServices(WriteScopes Writes, HttpContext Http);

/// <summary>The review schedule of SPEC §1: annual reviews hosted in turn, the preliminary review, evaluations and the next plan.</summary>
public static partial class ReviewsEndpoints
{
    internal const string ListName = "reviews";

    /// <summary>A review's position in the list: its regulation, period year, kind rank (0–2) and id.</summary>
    internal static bool IsListPosition(string position) =>
        position.Split('|') is [var regulation, var year, var kind, var id] && Cursors.IsId(regulation) && Cursors.IsId(id)
        && int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y <= Bounds.MaxYear
        && kind is "0" or "1" or "2";

    public static RouteGroupBuilder MapReviews(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/reviews").WithTags("Reviews").RequireAccess(Access.ReviewsRead);
        read.MapGet("/", ListReviews).WithName(nameof(ListReviews)).ReturnsNoClassifiedData();
        read.MapGet("/{id:int}", GetReview).WithName(nameof(GetReview)).ReturnsNoClassifiedData().ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/evaluations", ListEvaluations).WithName(nameof(ListEvaluations)).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/{id:int}/plan", GetReviewPlan).WithName(nameof(GetReviewPlan)).ProducesProblem(StatusCodes.Status404NotFound);
        read.MapGet("/summary", GetPreliminarySummary).WithName(nameof(GetPreliminarySummary)).ProducesProblem(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/reviews").WithTags("Reviews").RequireAccess(Access.ReviewsWrite);
        write.MapPost("/generate", GenerateReviewSchedule).WithName(nameof(GenerateReviewSchedule)).ProducesProblem(StatusCodes.Status404NotFound);
        write.MapPost("/", CreateReview).WithName(nameof(CreateReview)).WithMetadata(Idempotency.Honoured).ProducesProblem(StatusCodes.Status403Forbidden);
        write.MapPost("/{id:int}/transitions", TransitionReview).WithName(nameof(TransitionReview))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        write.MapPut("/{id:int}/evaluations/{taskId:int}", EvaluateTask).WithName(nameof(EvaluateTask))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        write.MapPost("/{id:int}/evaluations/from-baseline", EvaluateFromBaseline).WithName(nameof(EvaluateFromBaseline))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>The reviews of the caller's regulations, in schedule order (with <c>updatedSince</c>, in the order of their changes).</summary>
    public static async Task<Results<Ok<Page<ReviewDto>>, ValidationProblem>> ListReviews(
        [AsParameters] ListReviewsQuery query, Caller caller, [AsParameters] ReviewServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        var host = query.HostAgency is null ? null : services.Reference.Agency(query.HostAgency);
        if (query.HostAgency is not null && host is null)
        {
            return Problems.Invalid("hostAgency", $"'{query.HostAgency}' is not an agency.");
        }

        await using var connection = await services.Db.OpenAsync(cancellationToken);
        if (query.UpdatedSince is { } since)
        {
            var (keyAt, keyId) = ChangeFeed.Key(since, key);
            var changed = (await connection.QueryAsync<ReviewRow>(new CommandDefinition(ReviewsSql.ChangedPage(services.Db.Dialect), CallerParameters.For(caller, new
            {
                query.RegulationId, query.Year, query.Status, HostAgencyId = host?.Id, KeyAt = keyAt, KeyId = keyId, Take = limit + 1,
            }), cancellationToken: cancellationToken))).AsList();
            var changes = services.Cursors.ToPage(ListName, changed, limit, r => ChangeFeed.Position(r.UpdatedAt, r.Id));
            return TypedResults.Ok(new Page<ReviewDto>([.. changes.Items.Select(r => ToDto(r, caller))], changes.NextCursor));
        }

        var position = key.Length > 0 ? [.. key.Split('|').Select(p => int.Parse(p, CultureInfo.InvariantCulture))] : new[] { 0, 0, 0, 0 };
        var rows = (await connection.QueryAsync<ReviewRow>(new CommandDefinition(ReviewsSql.ListPage(services.Db.Dialect), CallerParameters.For(caller, new
        {
            query.RegulationId, query.Year, query.Status, HostAgencyId = host?.Id,
            KeyRegulationId = position[0], KeyYear = position[1], KeyKind = position[2], KeyId = position[3], Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => string.Create(CultureInfo.InvariantCulture,
            $"{r.RegulationId}|{r.PeriodYear}|{ReviewsSql.KindRank(r.Kind)}|{r.Id}"));
        return TypedResults.Ok(new Page<ReviewDto>([.. page.Items.Select(r => ToDto(r, caller))], page.NextCursor));
    }

    /// <summary>One review, with the moves the caller may make.</summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<ReviewDto>, ProblemHttpResult>> GetReview(
        int id, Caller caller, DbConnectionFactory db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        return row is null ? NoSuchReview(id) : TypedResults.Ok(ToDto(row, caller));
    }

    /// <summary>
    /// Generates a regulation's review schedule from its policy. Idempotent: a second run changes nothing, and a review
    /// that has been scheduled, held or concluded is never changed.
    /// </summary>
    /// <param name="regulationId">The regulation.</param>
    public static async Task<Results<Ok<ScheduleResultDto>, ProblemHttpResult>> GenerateReviewSchedule(
        [FromQuery] int regulationId, Caller caller, WriteScopes writes, CancellationToken cancellationToken)
    {
        await using var write = await writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var result = await ReviewSchedule.GenerateAsync(write, caller, regulationId, write.Now);
        if (result is null)
        {
            return Problems.NotFound($"No regulation with the id {regulationId} is open to your agency.");
        }

        if (result.Created + result.Updated > 0)
        {
            await write.AuditAsync(new AuditEvent(
                "review.generate", "regulation", regulationId.ToString(CultureInfo.InvariantCulture), After: result, RegulationId: regulationId));
        }

        var reviews = await connection.QueryAsync<ReviewRow>(ReviewsSql.List, CallerParameters.For(caller, new
        {
            RegulationId = (int?)regulationId, Year = (int?)null, Status = (string?)null, HostAgencyId = (int?)null,
        }), transaction);
        await write.CommitAsync();
        return TypedResults.Ok(new ScheduleResultDto(result.Created, result.Updated, result.Unchanged, [.. reviews.Select(r => ToDto(r, caller))]));
    }

    /// <summary>Adds an extraordinary review by hand; coordinators of the hosting party.</summary>
    public static async Task<Results<Created<ReviewDto>, ValidationProblem, ProblemHttpResult>> CreateReview(
        CreateReviewRequest request, Caller caller, [AsParameters] ReviewServices services, HttpContext http, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var host = services.Reference.Agency(request.HostAgencyCode);
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(request);
        async Task<ReviewDto?> IfVisible(ReviewDto review) => await connection.QuerySingleOrDefaultAsync<ReviewRow>(
            ReviewsSql.One, CallerParameters.For(caller, new { review.Id }), transaction) is null ? null : review;
        if (await write.ReplayAsync<ReviewDto>(http, idempotencyKey, requestHash, IfVisible) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        using var policy = await connection.QueryMultipleAsync(ReviewsSql.Policy, CallerParameters.For(caller, new { request.RegulationId }), transaction);
        if (await policy.ReadSingleOrDefaultAsync<PolicyRow>() is null)
        {
            return Problems.Invalid("regulationId", $"No regulation with the id {request.RegulationId} is open to your agency.");
        }

        var parties = (await policy.ReadAsync<int>()).AsList();
        if (host is null || !parties.Contains(host.Id))
        {
            return Problems.Invalid("hostAgencyCode", $"'{request.HostAgencyCode}' is not a party to this regulation.");
        }

        if (host.Id != caller.AgencyId)
        {
            return TypedResults.Problem("Coordinators of the hosting party add its reviews.", statusCode: StatusCodes.Status403Forbidden,
                title: "You may not add a review hosted by another agency.");
        }

        var now = write.Now;
        var baseline = await connection.ExecuteScalarAsync<int?>(ReviewsSql.LatestConcluded, new { request.RegulationId }, transaction);
        var id = await connection.ExecuteScalarAsync<int>(ReviewsSql.Insert(write.Dialect), new
        {
            request.RegulationId, Kind = ReviewKinds.Extraordinary, request.PeriodYear, HostAgencyId = host.Id, PlannedMonth = request.ScheduledOn?.Month,
            request.ScheduledOn, request.Venue, request.Reason, BaselineReviewId = baseline, IsGenerated = false, Now = now,
        }, transaction);
        var row = await connection.QuerySingleAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        await ReviewEvents.ScheduledAsync(write, id);
        await write.AuditAsync(new AuditEvent(
            "review.create", "review", id.ToString(CultureInfo.InvariantCulture), After: ToDto(row, caller), RegulationId: request.RegulationId));
        var location = $"/api/v1/reviews/{id}";
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(http, idempotencyKey, requestHash, location, ToDto(row, caller), IfVisible) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, ToDto(row, caller));
    }

    internal static ReviewDto ToDto(ReviewRow r, Caller caller) => new(
        r.Id, r.RegulationId, r.Kind, r.PeriodYear, r.HostAgencyCode, r.Status, r.PlannedMonth, r.ScheduledOn, r.Venue, r.Chairs, r.Attendees,
        r.Minutes, r.StatusReason, r.BaselineReviewId, r.AdoptedPlanYear, r.ConcludedAt,
        MayManage(caller, r) ? [.. ReviewStatuses.MovesFrom(r.Status)] : [],
        MayEvaluate(caller) && ReviewStatuses.Evaluable(r.Status), r.UpdatedAt);

    /// <summary>Coordinators (or agency systems) of the host agency manage the review.</summary>
    internal static bool MayManage(Caller caller, ReviewRow review) =>
        (caller.IsInRole(Roles.Coordinator) || caller.HasScope(Scopes.ReviewsWrite)) && caller.AgencyId == review.HostAgencyId;

    /// <summary>Coordinators of every party record evaluations (the review is visible, so the caller's agency is a party).</summary>
    internal static bool MayEvaluate(Caller caller) => caller.IsInRole(Roles.Coordinator) || caller.HasScope(Scopes.ReviewsWrite);

    internal static ProblemHttpResult NoSuchReview(int id) => Problems.NotFound($"No review with the id {id} exists for you.");
}
