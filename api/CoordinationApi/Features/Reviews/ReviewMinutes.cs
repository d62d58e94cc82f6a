using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Reviews;

/// <summary>Someone who attended a review's meeting.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Title">Rank, position or title, as the minutes write it.</param>
/// <param name="AgencyCode">The agency they represented.</param>
/// <param name="UnitCode">Their unit (of that agency).</param>
/// <param name="PersonKey">The person in the register (of that agency), when they are one.</param>
public sealed record MinutesAttendeeDto(string Name, string? Title, string AgencyCode, string? UnitCode, string? PersonKey);

/// <summary>The minutes of a review's meeting, as recorded in the product.</summary>
/// <param name="ReviewId">The review.</param>
/// <param name="HeldOn">The day the meeting was held.</param>
/// <param name="Place">Where.</param>
/// <param name="ChairedBy">Who chaired it.</param>
/// <param name="Attendees">Who attended, in the order the minutes list them.</param>
/// <param name="Decisions">What the meeting decided, in order.</param>
/// <param name="Notes">Anything else the minutes record.</param>
/// <param name="UpdatedAt">When the minutes were last recorded (null: not recorded yet).</param>
public sealed record ReviewMinutesDto(
    int ReviewId, DateOnly? HeldOn, string? Place, string? ChairedBy, List<MinutesAttendeeDto> Attendees, List<string> Decisions, string? Notes,
    DateTimeOffset? UpdatedAt);

/// <summary>The minutes of a review's meeting (a GET's body may be sent back: its read-only members are ignored).</summary>
/// <param name="HeldOn">The day the meeting was held.</param>
/// <param name="Place">Where (at most 400 characters).</param>
/// <param name="ChairedBy">Who chaired it (at most 200 characters).</param>
/// <param name="Attendees">Who attended, at most 200.</param>
/// <param name="Decisions">What the meeting decided: at most 100, each at most 2,000 characters.</param>
/// <param name="Notes">Anything else (at most 4,000 characters).</param>
[RoundTrips(typeof(ReviewMinutesDto))]
public sealed record ReviewMinutesRequest(
    DateOnly? HeldOn, string? Place, string? ChairedBy, List<MinutesAttendeeDto> Attendees, List<string> Decisions, string? Notes);

internal sealed class ReviewMinutesRequestValidator : AbstractValidator<ReviewMinutesRequest>
{
    public const int MaxAttendees = 200;
    public const int MaxDecisions = 100;
    public const int MaxDecisionLength = 2000;

    public ReviewMinutesRequestValidator()
    {
        RuleFor(r => r.HeldOn).IsDate();
        RuleFor(r => r.Place).MaximumLength(400);
        RuleFor(r => r.ChairedBy).MaximumLength(Bounds.Name);
        RuleFor(r => r.Notes).MaximumLength(4000);
        RuleFor(r => r.Attendees).NotNull().MaxItems(MaxAttendees);
        RuleForEach(r => r.Attendees).NotNull().SetValidator(new MinutesAttendeeValidator());
        RuleFor(r => r.Decisions).NotNull().MaxItems(MaxDecisions);
        RuleForEach(r => r.Decisions).NotEmpty().MaximumLength(MaxDecisionLength);
    }
}

internal sealed class MinutesAttendeeValidator : AbstractValidator<MinutesAttendeeDto>
{
    public MinutesAttendeeValidator()
    {
        RuleFor(a => a.Name).NotEmpty().MaximumLength(Bounds.Name);
        RuleFor(a => a.Title).MaximumLength(Bounds.Name);
        RuleFor(a => a.AgencyCode).NotEmpty().MaximumLength(Bounds.Code);
        RuleFor(a => a.UnitCode).MaximumLength(Bounds.Code);
        RuleFor(a => a.PersonKey).MaximumLength(100);
    }
}

/// <summary>What the minutes handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record MinutesServices(DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, HttpContext Http);

/// <summary>The minutes of a review's meeting: read by everyone who may read the review, recorded by the parties' coordinators and admins.</summary>
public static class ReviewMinutesEndpoints
{
    /// <summary>The ETag of minutes not recorded yet: send it (or <c>*</c>) in If-Match to record the first ones.</summary>
    internal const int NoMinutesVersion = 0;

    public static RouteGroupBuilder MapReviewMinutes(this RouteGroupBuilder api)
    {
        api.MapGroup("/reviews").WithTags("Reviews").RequireAccess(Access.ReviewsRead)
            .MapGet("/{id:int}/minutes", GetReviewMinutes).WithName(nameof(GetReviewMinutes)).ReturnsNoClassifiedData()
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGroup("/reviews").WithTags("Reviews").RequireAccess(Access.ReviewMinutes)
            .MapPut("/{id:int}/minutes", UpdateReviewMinutes).WithName(nameof(UpdateReviewMinutes))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    /// <summary>
    /// The minutes of a review's meeting, with their <c>ETag</c>. Before any are recorded: empty minutes (no date, no
    /// attendees, <c>updatedAt</c> null) with the ETag <c>"0"</c>. A review the caller may not read is a 404.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<ReviewMinutesDto>, ProblemHttpResult>> GetReviewMinutes(
        int id, Caller caller, [AsParameters] MinutesServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        if (await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
                ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken)) is null)
        {
            return ReviewsEndpoints.NoSuchReview(id);
        }

        var (minutes, rowVersion) = await ReadAsync(scope, id);
        Concurrency.SetETag(services.Http, rowVersion);
        return TypedResults.Ok(minutes);
    }

    /// <summary>
    /// Records the minutes of a review's meeting, replacing what was recorded. Coordinators and admins of the regulation's
    /// parties (and agency systems with <c>reviews:write</c>); the review must have been scheduled (not planned or cancelled).
    /// <c>If-Match</c> is always required, as on every PUT (428 without it, 412 when stale): the first minutes are sent
    /// with the ETag <c>"0"</c> a GET answered before any were recorded (or <c>*</c>). Each attendee's agency must be a
    /// party, their unit one of that agency's, their person key a person of that agency.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<ReviewMinutesDto>, ValidationProblem, ProblemHttpResult>> UpdateReviewMinutes(
        int id, ReviewMinutesRequest request, Caller caller, [AsParameters] MinutesServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        if (review is null)
        {
            return ReviewsEndpoints.NoSuchReview(id);
        }

        if (review.Status is ReviewStatuses.Planned or ReviewStatuses.Cancelled)
        {
            return TypedResults.Problem($"The review is {review.Status}: minutes are recorded once its meeting is scheduled.",
                statusCode: StatusCodes.Status409Conflict, title: "The review has no meeting to record.");
        }

        var parties = (await connection.QueryAsync<int>(MinutesSql.Parties, new { review.RegulationId }, transaction)).ToHashSet();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var attendees = new List<AttendeeWrite>();
        for (var i = 0; i < request.Attendees.Count; i++)
        {
            var a = request.Attendees[i];
            var agency = services.Reference.Agency(a.AgencyCode);
            if (agency is null || !parties.Contains(agency.Id))
            {
                errors[$"attendees[{i}].agencyCode"] = [$"'{a.AgencyCode}' is not a party to this review's regulation."];
                continue;
            }

            var unit = a.UnitCode is null ? null : services.Reference.Unit(a.UnitCode);
            if (a.UnitCode is not null && (unit is null || unit.AgencyId != agency.Id))
            {
                errors[$"attendees[{i}].unitCode"] = [$"'{a.UnitCode}' is not a unit of {agency.Code}."];
                continue;
            }

            int? personId = null;
            if (a.PersonKey is not null)
            {
                personId = await connection.ExecuteScalarAsync<int?>(MinutesSql.Person, new { Key = a.PersonKey, AgencyId = agency.Id }, transaction);
                if (personId is null)
                {
                    errors[$"attendees[{i}].personKey"] = [$"No person '{a.PersonKey}' of {agency.Code} is in the register."];
                    continue;
                }
            }

            attendees.Add(new AttendeeWrite(id, i, a.Name, a.Title, agency.Id, unit?.Id, personId));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var scope = (ReadScope)write;
        var (before, rowVersion) = await ReadAsync(scope, id);
        if (!ifMatch.Matches(rowVersion))
        {
            return Concurrency.Stale();
        }

        var row = new
        {
            ReviewId = id, request.HeldOn, request.Place, request.ChairedBy, request.Notes, Now = write.Now, By = caller.Name, RowVersion = rowVersion,
        };
        if (rowVersion == NoMinutesVersion)
        {
            await connection.ExecuteAsync(MinutesSql.Insert, row, transaction);
        }
        else if (await connection.ExecuteAsync(MinutesSql.Update, row, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        await connection.ExecuteAsync(MinutesSql.DeleteItems, new { ReviewId = id }, transaction);
        await connection.ExecuteAsync(MinutesSql.InsertAttendee, attendees, transaction);
        await connection.ExecuteAsync(MinutesSql.InsertDecision, request.Decisions.Select((text, i) => new { ReviewId = id, Ordinal = i, Text = text }), transaction);
        await connection.ExecuteAsync(ReviewsSql.EvaluationRecorded, new { Id = id, write.Now }, transaction);
        var (after, afterVersion) = await ReadAsync(scope, id);
        if (rowVersion != NoMinutesVersion && NoChange.Between(before, after))
        {
            // Minutes sent back as they are write nothing (not even their change time): the scope is left uncommitted.
            Concurrency.SetETag(services.Http, rowVersion);
            return TypedResults.Ok(before);
        }

        await write.AuditAsync(new AuditEvent("review.minutes", "review", id.ToString(CultureInfo.InvariantCulture),
            rowVersion == NoMinutesVersion ? null : before, after, RegulationId: review.RegulationId));
        await write.CommitAsync();
        Concurrency.SetETag(services.Http, afterVersion);
        return TypedResults.Ok(after);
    }

    /// <summary>The minutes of a review the caller may read (checked before), and their row version (0: none recorded).</summary>
    internal static async Task<(ReviewMinutesDto Minutes, int RowVersion)> ReadAsync(ReadScope scope, int reviewId)
    {
        using var results = await scope.Connection.QueryMultipleAsync(MinutesSql.Read, new { ReviewId = reviewId }, scope.Transaction);
        var head = await results.ReadSingleOrDefaultAsync<MinutesRow>();
        var attendees = (await results.ReadAsync<MinutesAttendeeDto>()).AsList();
        var decisions = (await results.ReadAsync<string>()).AsList();
        return head is null
            ? (new ReviewMinutesDto(reviewId, null, null, null, [], [], null, null), NoMinutesVersion)
            : (new ReviewMinutesDto(reviewId, head.HeldOn, head.Place, head.ChairedBy, attendees, decisions, head.Notes, head.UpdatedAt), head.RowVersion);
    }

    private sealed record AttendeeWrite(int ReviewId, int Ordinal, string Name, string? Title, int AgencyId, int? UnitId, int? PersonId);
}

internal sealed record MinutesRow
{
    public DateOnly? HeldOn { get; init; }

    public string? Place { get; init; }

    public string? ChairedBy { get; init; }

    public string? Notes { get; init; }

    public int RowVersion { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

internal static class MinutesSql
{
    public const string Parties = "SELECT rp.agency_id FROM regulation_parties rp WHERE rp.regulation_id = @RegulationId;";

    public const string Person = "SELECT p.id FROM persons p WHERE p.person_key = @Key AND p.agency_id = @AgencyId;";

    public const string Read = $"""
        SELECT m.held_on AS {nameof(MinutesRow.HeldOn)}, m.place AS {nameof(MinutesRow.Place)}, m.chaired_by AS {nameof(MinutesRow.ChairedBy)},
               m.notes AS {nameof(MinutesRow.Notes)}, m.row_version AS {nameof(MinutesRow.RowVersion)}, m.updated_at AS {nameof(MinutesRow.UpdatedAt)}
        FROM review_minutes m
        WHERE m.review_id = @ReviewId;

        SELECT a.name AS {nameof(MinutesAttendeeDto.Name)}, a.title AS {nameof(MinutesAttendeeDto.Title)}, ag.code AS {nameof(MinutesAttendeeDto.AgencyCode)},
               u.code AS {nameof(MinutesAttendeeDto.UnitCode)}, p.person_key AS {nameof(MinutesAttendeeDto.PersonKey)}
        FROM review_minutes_attendees a
        JOIN agencies ag ON ag.id = a.agency_id
        LEFT JOIN units u ON u.id = a.unit_id
        LEFT JOIN persons p ON p.id = a.person_id
        WHERE a.review_id = @ReviewId
        ORDER BY a.ordinal;

        SELECT d.text FROM review_minutes_decisions d WHERE d.review_id = @ReviewId ORDER BY d.ordinal;
        """;

    public const string Insert = """
        INSERT INTO review_minutes (review_id, held_on, place, chaired_by, notes, row_version, updated_at, updated_by)
        VALUES (@ReviewId, @HeldOn, @Place, @ChairedBy, @Notes, 1, @Now, @By);
        """;

    public const string Update = """
        UPDATE review_minutes
        SET held_on = @HeldOn, place = @Place, chaired_by = @ChairedBy, notes = @Notes, row_version = row_version + 1, updated_at = @Now, updated_by = @By
        WHERE review_id = @ReviewId AND row_version = @RowVersion;
        """;

    public const string DeleteItems = """
        DELETE FROM review_minutes_attendees WHERE review_id = @ReviewId;
        DELETE FROM review_minutes_decisions WHERE review_id = @ReviewId;
        """;

    public const string InsertAttendee = """
        INSERT INTO review_minutes_attendees (review_id, ordinal, name, title, agency_id, unit_id, person_id)
        VALUES (@ReviewId, @Ordinal, @Name, @Title, @AgencyId, @UnitId, @PersonId);
        """;

    public const string InsertDecision = "INSERT INTO review_minutes_decisions (review_id, ordinal, text) VALUES (@ReviewId, @Ordinal, @Text);";
}
