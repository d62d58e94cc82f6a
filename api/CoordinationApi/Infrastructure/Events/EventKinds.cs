namespace CoordinationApi.Infrastructure.Events;

/// <summary>
/// The kinds of event the outbox records (issue 19). The strings are a contract: webhook subscribers filter on them,
/// notification preferences name them, and the OpenAPI document lists them under <c>webhooks</c>.
/// </summary>
public static class EventKinds
{
    public const string TaskAssigned = "task.assigned";
    public const string TaskStatusChanged = "task.status_changed";
    public const string TaskProgressReported = "task.progress_reported";
    public const string TaskCommented = "task.commented";
    public const string TaskDueSoon = "task.due_soon";
    public const string TaskOverdue = "task.overdue";
    public const string ReviewScheduled = "review.scheduled";
    public const string ReviewMoved = "review.moved";
    public const string ReviewCommented = "review.commented";
    public const string EvaluationRequested = "review.evaluation_requested";
    public const string ReviewConcluded = "review.concluded";
    public const string PlanAdopted = "plan.adopted";
    public const string Mentioned = "comment.mentioned";

    /// <summary>Every kind, in the order people read them in preferences.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        TaskAssigned, TaskStatusChanged, TaskProgressReported, TaskCommented, TaskDueSoon, TaskOverdue,
        ReviewScheduled, ReviewMoved, ReviewCommented, EvaluationRequested, ReviewConcluded, PlanAdopted, Mentioned,
    ];
}
