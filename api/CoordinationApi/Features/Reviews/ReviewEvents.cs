using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Reviews;

/// <summary>
/// The events a change of a review publishes (issue 19), in the write of the change, read after it by id. A review's
/// events are unclassified and name no task, no count of tasks: its date, host and year are not classified, and every
/// coordinator of a party must hear that evaluations are asked for or that the plan was adopted, whatever the highest level
/// among the review's tasks (an event classified at that level would reach nobody below it; a task list or count in an
/// unclassified one would reveal tasks above the reader). Each reader finds the tasks that concern them through the API
/// ("my work", the evaluation grid, the plan), where clearance applies.
/// Publish before the write's audit entries: the audit chain's lock is taken last.
/// </summary>
internal static class ReviewEvents
{
    private sealed record Subject
    {
        public int Id { get; init; }

        public int RegulationId { get; init; }

        public int PeriodYear { get; init; }

        public DateOnly? ScheduledOn { get; init; }

        public string HostAgencyCode { get; init; } = "";
    }

    private const string SubjectSql = """
        SELECT r.id AS Id, r.regulation_id AS RegulationId, r.period_year AS PeriodYear, r.scheduled_on AS ScheduledOn, a.code AS HostAgencyCode
        FROM reviews r
        JOIN agencies a ON a.id = r.host_agency_id
        WHERE r.id = @Id;
        """;

    private static Task<Subject> ReadAsync(WriteScope write, int reviewId) =>
        write.Connection.QuerySingleAsync<Subject>(SubjectSql, new { Id = reviewId }, write.Transaction);

    /// <summary><c>review.scheduled</c>: a review created, generated, or given its date.</summary>
    public static async Task ScheduledAsync(WriteScope write, int reviewId)
    {
        var review = await ReadAsync(write, reviewId);
        await PublishAsync(write, review, EventKinds.ReviewScheduled, Clearance.Unclassified, new
        {
            reviewId = review.Id, regulationId = review.RegulationId, year = review.PeriodYear, scheduledOn = review.ScheduledOn,
            hostAgencyCode = review.HostAgencyCode,
        });
    }

    /// <summary>
    /// What a status change of a review announces: scheduled (<c>review.scheduled</c>, or <c>review.moved</c> when it had
    /// another date, then <c>review.evaluation_requested</c>: from its scheduling the lead agencies evaluate their tasks for
    /// the meeting), postponed (<c>review.moved</c> to no date: it keeps its old one on record), concluded (<c>review.concluded</c>, <c>plan.adopted</c>).
    /// </summary>
    public static async Task TransitionedAsync(WriteScope write, ReviewRow before, string to)
    {
        var review = await ReadAsync(write, before.Id);
        switch (to)
        {
            case ReviewStatuses.Scheduled when before.ScheduledOn is { } from && from != review.ScheduledOn:
                await MovedAsync(write, review, from, review.ScheduledOn);
                await EvaluationRequestedAsync(write, review);
                break;
            case ReviewStatuses.Scheduled:
                await ScheduledAsync(write, review.Id);
                await EvaluationRequestedAsync(write, review);
                break;
            case ReviewStatuses.Postponed when before.ScheduledOn is { } from:
                // The review keeps its old date on record, but is no longer held on it: moved to a date not yet known.
                await MovedAsync(write, review, from, null);
                break;
            case ReviewStatuses.Concluded:
                await PublishAsync(write, review, EventKinds.ReviewConcluded, Clearance.Unclassified, new
                {
                    reviewId = review.Id, regulationId = review.RegulationId, year = review.PeriodYear,
                });
                await PublishAsync(write, review, EventKinds.PlanAdopted, Clearance.Unclassified, new
                {
                    reviewId = review.Id, regulationId = review.RegulationId, planYear = review.PeriodYear + 1,
                });
                break;
        }
    }

    private static Task<StoredEvent?> MovedAsync(WriteScope write, Subject review, DateOnly from, DateOnly? to) =>
        PublishAsync(write, review, EventKinds.ReviewMoved, Clearance.Unclassified, new
        {
            reviewId = review.Id, regulationId = review.RegulationId, year = review.PeriodYear, fromDate = from, toDate = to,
        });

    /// <summary>The lead agencies are asked to evaluate their tasks for the meeting; which tasks, each reads in the API.</summary>
    private static Task<StoredEvent?> EvaluationRequestedAsync(WriteScope write, Subject review) =>
        PublishAsync(write, review, EventKinds.EvaluationRequested, Clearance.Unclassified, new
        {
            reviewId = review.Id, regulationId = review.RegulationId, year = review.PeriodYear,
        });

    private static Task<StoredEvent?> PublishAsync(WriteScope write, Subject review, string kind, Clearance classification, object payload) =>
        write.PublishAsync(new OutboxEvent(kind, classification, payload,
            RegulationId: review.RegulationId, ReviewId: review.Id, SubjectCode: $"REVIEW-{review.PeriodYear}"));
}
