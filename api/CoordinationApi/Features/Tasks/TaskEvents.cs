using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Tasks;

/// <summary>
/// The events a change of a task publishes (issue 19), in the write of the change and after it, so each describes the task
/// as the change left it, at the task's classification. Read by id in the write, whoever the caller: the caller was
/// allowed the change; who hears of it is the consumers' business, by the event's classification.
/// Publish before the write's audit entries: the audit chain's lock is taken last.
/// </summary>
internal static class TaskEvents
{
    /// <summary>A task's units and classification as its events name them.</summary>
    internal sealed record Subject
    {
        public int Id { get; init; }

        public string Code { get; init; } = "";

        public int RegulationId { get; init; }

        public int Classification { get; init; }

        public string Status { get; init; } = "";

        public string LeadUnitCode { get; init; } = "";

        public List<string> CounterpartUnitCodes { get; init; } = [];

        /// <summary>The lead unit and the counterparts.</summary>
        public IEnumerable<string> Units => CounterpartUnitCodes.Prepend(LeadUnitCode);
    }

    private const string SubjectSql = """
        SELECT t.id AS Id, t.code AS Code, t.regulation_id AS RegulationId, t.classification AS Classification, t.status AS Status,
               lu.code AS LeadUnitCode
        FROM tasks t
        JOIN units lu ON lu.id = t.lead_unit_id
        WHERE t.id = @Id;
        SELECT u.code FROM task_counterparts c JOIN units u ON u.id = c.unit_id WHERE c.task_id = @Id ORDER BY u.code;
        """;

    /// <summary>The task as it is now in <paramref name="write"/>.</summary>
    public static async Task<Subject> ReadAsync(WriteScope write, int taskId)
    {
        using var results = await write.Connection.QueryMultipleAsync(SubjectSql, new { Id = taskId }, write.Transaction);
        var subject = await results.ReadSingleAsync<Subject>();
        return subject with { CounterpartUnitCodes = (await results.ReadAsync<string>()).AsList() };
    }

    /// <summary>
    /// <c>task.assigned</c>: the task was created, or moved, outside draft, or its units changed while it is assigned or in
    /// progress; <paramref name="before"/> is the task before the change (null: it was not given to anyone), so
    /// <c>assignedUnitCodes</c> names the units newly given the task. Nothing when an open task's units stayed the same.
    /// </summary>
    public static async Task AssignedAsync(WriteScope write, int taskId, Subject? before = null)
    {
        var task = await ReadAsync(write, taskId);
        if (task.Status is not (TaskStatuses.Assigned or TaskStatuses.InProgress))
        {
            return;
        }

        if (before is not null && before.LeadUnitCode == task.LeadUnitCode && before.CounterpartUnitCodes.SequenceEqual(task.CounterpartUnitCodes))
        {
            return;
        }

        var given = task.Units.Except(before?.Units ?? []).ToList();
        await PublishAsync(write, task, EventKinds.TaskAssigned, new
        {
            taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, leadUnitCode = task.LeadUnitCode,
            counterpartUnitCodes = task.CounterpartUnitCodes, assignedUnitCodes = given,
        });
    }

    /// <summary><c>task.status_changed</c> (and <c>task.assigned</c> when the move gives the task to its units).</summary>
    public static async Task StatusChangedAsync(WriteScope write, int taskId, string from, string to)
    {
        var task = await ReadAsync(write, taskId);
        await PublishAsync(write, task, EventKinds.TaskStatusChanged, new
        {
            taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, fromStatus = from, toStatus = to,
        });
        if (to == TaskStatuses.Assigned)
        {
            await AssignedAsync(write, taskId);
        }
    }

    /// <summary><c>task.progress_reported</c>.</summary>
    public static async Task ProgressReportedAsync(WriteScope write, int taskId, int reportId, int percentComplete, string reportingUnitCode)
    {
        var task = await ReadAsync(write, taskId);
        await PublishAsync(write, task, EventKinds.TaskProgressReported, new
        {
            taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, reportId, percentComplete, reportingUnitCode,
        });
    }

    /// <summary>An event about <paramref name="task"/>, at its classification, its code as the subject.</summary>
    internal static Task<StoredEvent?> PublishAsync(WriteScope write, Subject task, string kind, object payload, string? dedupeKey = null) =>
        write.PublishAsync(new OutboxEvent(kind, (Clearance)task.Classification, payload,
            RegulationId: task.RegulationId, TaskId: task.Id, SubjectCode: task.Code, DedupeKey: dedupeKey));
}
