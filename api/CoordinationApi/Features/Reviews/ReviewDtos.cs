using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Reviews;

/// <summary>A review of a regulation's results.</summary>
/// <param name="Id">Review id.</param>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Kind">annual, preliminary (after N years) or extraordinary.</param>
/// <param name="PeriodYear">The plan year it reviews.</param>
/// <param name="HostAgencyCode">The agency that hosts it (annual reviews rotate between the parties).</param>
/// <param name="Status">planned, scheduled, held, concluded, postponed or cancelled.</param>
/// <param name="PlannedMonth">The month the policy plans it in.</param>
/// <param name="ScheduledOn">Its date, once scheduled.</param>
/// <param name="Venue">Where.</param>
/// <param name="Chairs">Who chairs it.</param>
/// <param name="Attendees">Who attended (once held).</param>
/// <param name="Minutes">The minutes (once held).</param>
/// <param name="StatusReason">Why it was postponed or cancelled.</param>
/// <param name="BaselineReviewId">The earlier review whose results it starts from.</param>
/// <param name="AdoptedPlanYear">The plan year its conclusion adopted.</param>
/// <param name="ConcludedAt">When it was concluded.</param>
/// <param name="AllowedTransitions">The status changes the caller may make now.</param>
/// <param name="MayEvaluate">Whether the caller may record evaluations now.</param>
/// <param name="UpdatedAt">When the review or one of its evaluations last changed: the order and resume point of <c>updatedSince</c>.</param>
public sealed record ReviewDto(
    int Id, int RegulationId, [Vocabulary(typeof(ReviewKinds))] string Kind, int PeriodYear, string HostAgencyCode, [Vocabulary(typeof(ReviewStatuses))] string Status, int? PlannedMonth, DateOnly? ScheduledOn,
    string? Venue, string? Chairs, string? Attendees, string? Minutes, string? StatusReason, int? BaselineReviewId, int? AdoptedPlanYear,
    DateTimeOffset? ConcludedAt, [Vocabulary(typeof(ReviewStatuses))] List<string> AllowedTransitions, bool MayEvaluate, DateTimeOffset UpdatedAt);

/// <summary>What generating the schedule did.</summary>
/// <param name="Created">Reviews added.</param>
/// <param name="Updated">Planned reviews whose host changed with the policy.</param>
/// <param name="Unchanged">Reviews left as they were (all held or later ones are).</param>
/// <param name="Reviews">The schedule now.</param>
public sealed record ScheduleResultDto(int Created, int Updated, int Unchanged, List<ReviewDto> Reviews);

/// <summary>A task in a review's scope and its evaluation.</summary>
/// <param name="Task">The task.</param>
/// <param name="Result">The result recorded, or null while unevaluated.</param>
/// <param name="Comment">The comment recorded.</param>
/// <param name="EvaluatedBy">Who recorded it: a username or an agency system's name.</param>
/// <param name="EvaluatedByKind">user (a person), client (an agency system) or system.</param>
/// <param name="BaselineResult">The result the baseline review recorded for this task or the one it continues.</param>
/// <param name="Redacted">The comment was written while the task was classified above your clearance (before it was declassified): it is left out.</param>
/// <param name="EvaluatedAt">When the result was recorded (null while unevaluated): the order and resume point of <c>updatedSince</c>.</param>
/// <param name="Etag">The evaluation's ETag (<c>"0"</c> while unevaluated): send it in <c>If-Match</c> to record or replace the result.</param>
public sealed record EvaluationDto(
    TaskSummaryDto Task, [Vocabulary(typeof(EvaluationResults))] string? Result, string? Comment, string? EvaluatedBy, [Vocabulary(typeof(AuthorKinds))] string? EvaluatedByKind, [Vocabulary(typeof(EvaluationResults))] string? BaselineResult, bool Redacted,
    DateTimeOffset? EvaluatedAt, string Etag)
    : IClassifiedRecord
{
    /// <summary>The evaluation at the level of the comment it shows (above its task's after a declassification), for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>A task of the plan a review adopted (or would adopt).</summary>
/// <param name="Origin">carried_over (unfinished, continued), new, or occurrence (of a recurring task).</param>
/// <param name="SourceTaskId">The task it continues or recurs from.</param>
/// <param name="SourceTaskCode">Its code.</param>
/// <param name="Task">The task in the next plan year (null in a preview: not created yet).</param>
/// <param name="TitleVi">Title in Vietnamese.</param>
/// <param name="TitleEn">Title in English.</param>
public sealed record PlanItemDto([Vocabulary(typeof(PlanOrigins))] string Origin, int? SourceTaskId, string? SourceTaskCode, TaskSummaryDto? Task, string TitleVi, string TitleEn)
    : IClassifiedRecord
{
    /// <summary>The task whose title it shows, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>The plan for the year after a review.</summary>
/// <param name="ReviewId">The review.</param>
/// <param name="PlanYear">The plan year.</param>
/// <param name="Adopted">True once the review is concluded; false for a preview.</param>
/// <param name="Items">Its tasks.</param>
public sealed record PlanDto(int ReviewId, int PlanYear, bool Adopted, List<PlanItemDto> Items);
