using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.OpenApi;

namespace CoordinationApi.Features.Webhooks;

/// <summary>
/// The <c>data</c> of each kind of webhook, as the OpenAPI document's <c>webhooks</c> section shows it: the event's payload
/// (identifiers and codes, never a title or narrative: read those through the API, where clearance applies) and its id.
/// These types only document the payloads, which the handlers that publish the events write.
/// </summary>
public static class WebhookPayloads
{
    /// <summary>Each kind and the type of its <c>data</c>, in the order of <see cref="EventKinds.All"/>.</summary>
    public static readonly IReadOnlyDictionary<string, Type> ByKind = new Dictionary<string, Type>
    {
        [EventKinds.TaskAssigned] = typeof(TaskAssignedWebhookData),
        [EventKinds.TaskStatusChanged] = typeof(TaskStatusChangedWebhookData),
        [EventKinds.TaskProgressReported] = typeof(TaskProgressReportedWebhookData),
        [EventKinds.TaskCommented] = typeof(TaskCommentedWebhookData),
        [EventKinds.TaskDueSoon] = typeof(TaskDueSoonWebhookData),
        [EventKinds.TaskOverdue] = typeof(TaskOverdueWebhookData),
        [EventKinds.ReviewScheduled] = typeof(ReviewScheduledWebhookData),
        [EventKinds.ReviewMoved] = typeof(ReviewMovedWebhookData),
        [EventKinds.ReviewCommented] = typeof(ReviewCommentedWebhookData),
        [EventKinds.EvaluationRequested] = typeof(EvaluationRequestedWebhookData),
        [EventKinds.ReviewConcluded] = typeof(ReviewConcludedWebhookData),
        [EventKinds.PlanAdopted] = typeof(PlanAdoptedWebhookData),
        [EventKinds.Mentioned] = typeof(CommentMentionedWebhookData),
    };

    /// <summary>What each kind means, for the document.</summary>
    public static readonly IReadOnlyDictionary<string, string> Meaning = new Dictionary<string, string>
    {
        [EventKinds.TaskAssigned] = "A task was given to units: created (not as a draft), moved to assigned, or its lead or counterpart units changed.",
        [EventKinds.TaskStatusChanged] = "A task moved from one status to another.",
        [EventKinds.TaskProgressReported] = "A unit reported progress on a task.",
        [EventKinds.TaskCommented] = "Someone commented on a task.",
        [EventKinds.TaskDueSoon] = "An open task is due in a few days (Reminders:DueSoonDays).",
        [EventKinds.TaskOverdue] = "An open task passed its due date.",
        [EventKinds.ReviewScheduled] = "A review was scheduled (created or generated).",
        [EventKinds.ReviewMoved] = "A review's date moved.",
        [EventKinds.ReviewCommented] = "Someone commented on a review.",
        [EventKinds.EvaluationRequested] = "A review reached the stage where the lead agencies evaluate their tasks.",
        [EventKinds.ReviewConcluded] = "A review was concluded.",
        [EventKinds.PlanAdopted] = "A review's plan for the next year was adopted.",
        [EventKinds.Mentioned] = "Users were mentioned in a comment.",
    };
}

/// <summary>task.assigned</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="TaskId">Task id.</param>
/// <param name="TaskCode">Task code.</param>
/// <param name="RegulationId">The task's regulation.</param>
/// <param name="LeadUnitCode">The lead unit.</param>
/// <param name="CounterpartUnitCodes">The counterpart units.</param>
/// <param name="AssignedUnitCodes">The units newly given the task.</param>
public sealed record TaskAssignedWebhookData(
    string EventId, int TaskId, string TaskCode, int RegulationId, string LeadUnitCode, List<string> CounterpartUnitCodes, List<string> AssignedUnitCodes);

/// <summary>task.status_changed</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="TaskId">Task id.</param>
/// <param name="TaskCode">Task code.</param>
/// <param name="RegulationId">The task's regulation.</param>
/// <param name="FromStatus">The status before.</param>
/// <param name="ToStatus">The status now.</param>
public sealed record TaskStatusChangedWebhookData(
    string EventId, int TaskId, string TaskCode, int RegulationId, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string FromStatus,
    [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string ToStatus);

/// <summary>task.progress_reported</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="TaskId">Task id.</param>
/// <param name="TaskCode">Task code.</param>
/// <param name="RegulationId">The task's regulation.</param>
/// <param name="ReportId">The progress report.</param>
/// <param name="PercentComplete">The progress reported.</param>
/// <param name="ReportingUnitCode">The unit that reported.</param>
public sealed record TaskProgressReportedWebhookData(
    string EventId, int TaskId, string TaskCode, int RegulationId, int ReportId, int PercentComplete, string ReportingUnitCode);

/// <summary>task.commented</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="TaskId">Task id.</param>
/// <param name="TaskCode">Task code.</param>
/// <param name="RegulationId">The task's regulation.</param>
/// <param name="CommentId">The comment.</param>
public sealed record TaskCommentedWebhookData(string EventId, int TaskId, string TaskCode, int RegulationId, int CommentId);

/// <summary>task.due_soon</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="TaskId">Task id.</param>
/// <param name="TaskCode">Task code.</param>
/// <param name="RegulationId">The task's regulation.</param>
/// <param name="DueDate">The due date.</param>
/// <param name="DaysLeft">Days until it.</param>
public sealed record TaskDueSoonWebhookData(string EventId, int TaskId, string TaskCode, int RegulationId, DateOnly DueDate, int DaysLeft);

/// <summary>task.overdue</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="TaskId">Task id.</param>
/// <param name="TaskCode">Task code.</param>
/// <param name="RegulationId">The task's regulation.</param>
/// <param name="DueDate">The due date.</param>
/// <param name="DaysOverdue">Days since it.</param>
public sealed record TaskOverdueWebhookData(string EventId, int TaskId, string TaskCode, int RegulationId, DateOnly DueDate, int DaysOverdue);

/// <summary>review.scheduled</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="ReviewId">Review id.</param>
/// <param name="RegulationId">The review's regulation.</param>
/// <param name="Year">The year reviewed.</param>
/// <param name="ScheduledOn">The day it is held.</param>
/// <param name="HostAgencyCode">The host agency.</param>
public sealed record ReviewScheduledWebhookData(string EventId, int ReviewId, int RegulationId, int Year, DateOnly? ScheduledOn, string HostAgencyCode);

/// <summary>review.moved</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="ReviewId">Review id.</param>
/// <param name="RegulationId">The review's regulation.</param>
/// <param name="Year">The year reviewed.</param>
/// <param name="FromDate">The date before.</param>
/// <param name="ToDate">The date now.</param>
public sealed record ReviewMovedWebhookData(string EventId, int ReviewId, int RegulationId, int Year, DateOnly? FromDate, DateOnly? ToDate);

/// <summary>review.commented</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="ReviewId">Review id.</param>
/// <param name="RegulationId">The review's regulation.</param>
/// <param name="CommentId">The comment.</param>
public sealed record ReviewCommentedWebhookData(string EventId, int ReviewId, int RegulationId, int CommentId);

/// <summary>review.evaluation_requested</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="ReviewId">Review id.</param>
/// <param name="RegulationId">The review's regulation.</param>
/// <param name="Year">The year reviewed. Which tasks await evaluation, read from the review's evaluations (within your clearance).</param>
public sealed record EvaluationRequestedWebhookData(string EventId, int ReviewId, int RegulationId, int Year);

/// <summary>review.concluded</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="ReviewId">Review id.</param>
/// <param name="RegulationId">The review's regulation.</param>
/// <param name="Year">The year reviewed.</param>
public sealed record ReviewConcludedWebhookData(string EventId, int ReviewId, int RegulationId, int Year);

/// <summary>plan.adopted</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="ReviewId">The review that adopted it.</param>
/// <param name="RegulationId">The review's regulation.</param>
/// <param name="PlanYear">The year planned. Its tasks, read from the review's plan (within your clearance).</param>
public sealed record PlanAdoptedWebhookData(string EventId, int ReviewId, int RegulationId, int PlanYear);

/// <summary>comment.mentioned</summary>
/// <param name="EventId">The event (<c>evt_…</c>), also the <c>webhook-id</c> header.</param>
/// <param name="CommentId">The comment.</param>
/// <param name="TaskId">The task commented on (null for a review).</param>
/// <param name="ReviewId">The review commented on (null for a task).</param>
/// <param name="RegulationId">The regulation.</param>
/// <param name="MentionedUserIds">The users mentioned.</param>
public sealed record CommentMentionedWebhookData(string EventId, int CommentId, int? TaskId, int? ReviewId, int RegulationId, List<int> MentionedUserIds);
