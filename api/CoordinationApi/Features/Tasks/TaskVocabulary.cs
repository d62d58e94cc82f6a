using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Tasks;

/// <summary>The words of the task model, as they travel on the wire and sit in the database.</summary>
public static class TaskStatuses
{
    public const string Draft = "draft";
    public const string Assigned = "assigned";
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    public const string Cancelled = "cancelled";

    /// <summary>
    /// Closed by a review's conclusion that carried the work over into the next plan year: the piece of work goes on as its
    /// successor (which continues it), so this record is history, counted nowhere but under its own status, never overdue.
    /// </summary>
    public const string CarriedOver = "carried_over";

    /// <summary>Not stored: an open task whose due date has passed.</summary>
    public const string Overdue = "overdue";

    [VocabularyName("TaskStatus")]
    public static readonly string[] Stored = [Draft, Assigned, InProgress, Completed, Cancelled, CarriedOver];
    public static readonly string[] Open = [Draft, Assigned, InProgress];
    [VocabularyName("TaskStatusFilter")]
    public static readonly string[] Filterable = [.. Stored, Overdue];

    /// <summary>"Overdue" in C#: open and past its due date; <see cref="TaskListSql.OverdueCondition"/> in SQL.</summary>
    public static bool IsOverdue(string status, DateOnly dueDate, DateOnly today) => Open.Contains(status) && dueDate < today;
}

/// <summary>What a task history entry records.</summary>
public static class TaskHistoryKinds
{
    public const string Created = "created";
    public const string Edited = "edited";
    public const string Transition = "transition";
    public const string Report = "report";

    [VocabularyName("TaskHistoryKind")]
    public static readonly string[] All = [Created, Edited, Transition, Report];
}

public static class TaskKinds
{
    public const string OneOff = "one_off";
    public const string Recurring = "recurring";
    public const string Continuous = "continuous";
    [VocabularyName("TaskKind")]
    public static readonly string[] All = [OneOff, Recurring, Continuous];
    [VocabularyName("Recurrence")]
    public static readonly string[] Recurrences = ["monthly", "quarterly", "semiannual", "annual"];
    [VocabularyName("Priority")]
    public static readonly string[] Priorities = ["low", "normal", "high", "urgent"];
}

/// <summary>
/// The workflow: draft → assigned → in progress → completed; cancelled from any open state; a completed task
/// reopens to in progress. Coordinators assign, cancel and reopen; officers of the lead unit (or the lead
/// agency's systems) start and complete.
/// </summary>
public static class TaskWorkflow
{
    private static readonly Dictionary<string, string[]> Moves = new()
    {
        [TaskStatuses.Draft] = [TaskStatuses.Assigned, TaskStatuses.Cancelled],
        [TaskStatuses.Assigned] = [TaskStatuses.InProgress, TaskStatuses.Cancelled],
        [TaskStatuses.InProgress] = [TaskStatuses.Completed, TaskStatuses.Cancelled],
        [TaskStatuses.Completed] = [TaskStatuses.InProgress],
        [TaskStatuses.Cancelled] = [],

        // Set only by a review's conclusion; the work continues in its successor.
        [TaskStatuses.CarriedOver] = [],
    };

    public static IReadOnlyList<string> MovesFrom(string status) => Moves.GetValueOrDefault(status, []);

    /// <summary>Whether this caller may make this (legal) move on this task.</summary>
    public static bool MayMove(Caller caller, TaskParties task, string from, string to)
    {
        var coordinatorMove = to == TaskStatuses.Cancelled || (from == TaskStatuses.Draft && to == TaskStatuses.Assigned)
            || (from == TaskStatuses.Completed && to == TaskStatuses.InProgress);
        return coordinatorMove ? caller.IsInRole(Roles.Coordinator) : task.IsLedBy(caller);
    }

    /// <summary>The moves this caller may make now: the SPA shows only these.</summary>
    public static List<string> AllowedFor(Caller caller, TaskParties task, string status) =>
        [.. MovesFrom(status).Where(to => MayMove(caller, task, status, to))];
}

/// <summary>The units a task involves, which decide who may act on it.</summary>
public sealed record TaskParties(int LeadUnitId, int LeadAgencyId, IReadOnlyCollection<int> CounterpartUnitIds)
{
    /// <summary>An officer of the lead unit, or an agency system of the lead agency.</summary>
    public bool IsLedBy(Caller caller) =>
        (caller.IsInRole(Roles.Officer) && caller.UnitId == LeadUnitId)
        || (caller.HasScope(Scopes.TasksWrite) && caller.AgencyId == LeadAgencyId);

    /// <summary>May report progress: officers of the lead or a counterpart unit, their agencies' systems, coordinators.</summary>
    public bool MayReport(Caller caller, ReferenceData reference) =>
        IsLedBy(caller) || caller.IsInRole(Roles.Coordinator)
        || (caller.IsInRole(Roles.Officer) && caller.UnitId is { } unit && CounterpartUnitIds.Contains(unit))
        || (caller.HasScope(Scopes.TasksWrite) && CounterpartUnitIds.Any(u => reference.Unit(u)?.AgencyId == caller.AgencyId));

    /// <summary>May edit the task's fields: coordinators, and officers of the lead unit.</summary>
    public bool MayEdit(Caller caller) => caller.IsInRole(Roles.Coordinator) || IsLedBy(caller);
}
