using System.Globalization;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using Dapper;

namespace CoordinationApi.Features.Tasks;

/// <summary>
/// The <c>reminders</c> job (issue 19): at start and then once per day of the register's calendar, it publishes
/// <c>task.due_soon</c> for each open task due within one of <c>Reminders:DueSoonDays</c> (default "7,1") days and
/// <c>task.overdue</c> for each overdue one. Each reminder has a dedupe key (the task, its due date and the threshold),
/// so it is published once whatever happens: a restart runs the day again and publishes only what is missing, a second
/// instance holding the lease after this one finds the keys taken, and a due date moved gets reminders of its own.
/// A task found within several thresholds at once (created due tomorrow) gets the nearest one only.
/// </summary>
public sealed class DueReminders : OutboxWorker
{
    /// <summary>Tasks looked at per write, so the writer lock is never held for a whole large register.</summary>
    internal const int Batch = 500;

    private readonly WriteScopes writes;
    private readonly TimeProvider clock;
    private readonly ILogger<DueReminders> logger;
    private readonly int[] dueSoonDays;
    private DateOnly? finishedDay;
    private DateOnly? runningDay;
    private int afterId;
    private int published;
    private int present;

    public DueReminders(
        WriteScopes writes, OutboxSignal signal, OutboxOptions options, TimeProvider clock, IConfiguration configuration, ILogger<DueReminders> logger)
        : base(writes, signal, options, clock, logger)
    {
        this.writes = writes;
        this.clock = clock;
        this.logger = logger;
        dueSoonDays = ParseDays(configuration["Reminders:DueSoonDays"] ?? "7,1");
    }

    protected override string Name => "reminders";

    /// <summary><c>Reminders:DueSoonDays</c>: comma-separated whole days, each 1–366, nearest first once parsed.</summary>
    internal static int[] ParseDays(string setting)
    {
        var days = new List<int>();
        foreach (var part in setting.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 366)
            {
                throw new InvalidOperationException($"Reminders:DueSoonDays must list whole days from 1 to 366 (e.g. \"7,1\"), not '{setting}'.");
            }

            days.Add(d);
        }

        return [.. days.Distinct().Order()];
    }

    protected override async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today();
        if (finishedDay == today)
        {
            return false;
        }

        if (runningDay != today)
        {
            (runningDay, afterId, published, present) = (today, 0, 0, 0);
        }

        await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
        var horizon = today.AddDays(dueSoonDays.Length == 0 ? -1 : dueSoonDays[^1]);
        var due = (await write.Connection.QueryAsync<DueTaskRow>(Candidates(write.Dialect),
            new { AfterId = afterId, Horizon = horizon, Take = Batch }, write.Transaction)).AsList();
        int added = 0, found = 0;
        foreach (var task in due)
        {
            StoredEvent? reminder;
            var subject = new TaskEvents.Subject { Id = task.Id, Code = task.Code, RegulationId = task.RegulationId, Classification = task.Classification };
            var dueDate = task.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var daysLeft = task.DueDate.DayNumber - today.DayNumber;
            if (daysLeft < 0)
            {
                reminder = await TaskEvents.PublishAsync(write, subject, EventKinds.TaskOverdue, new
                {
                    taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, dueDate = task.DueDate, daysOverdue = -daysLeft,
                }, $"{EventKinds.TaskOverdue}:{task.Id}:{dueDate}");
            }
            else if (dueSoonDays.FirstOrDefault(d => d >= daysLeft) is var threshold and > 0)
            {
                reminder = await TaskEvents.PublishAsync(write, subject, EventKinds.TaskDueSoon, new
                {
                    taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, dueDate = task.DueDate, daysLeft,
                }, $"{EventKinds.TaskDueSoon}:{task.Id}:{dueDate}:{threshold}");
            }
            else
            {
                continue;
            }

            // A reminder already recorded (by an earlier run, or another instance) is not published again.
            (added, found) = reminder is null ? (added, found + 1) : (added + 1, found);
        }

        await write.CommitAsync();
        (published, present) = (published + added, present + found);
        if (due.Count < Batch)
        {
            finishedDay = today;
            logger.LogInformation("Reminders of {Day}: {Published} published, {Present} recorded before.", today, published, present);
            return false;
        }

        afterId = due[^1].Id;
        return true;
    }

    /// <summary>Open tasks due by <c>@Horizon</c> (overdue ones included), by id after <c>@AfterId</c>.</summary>
    private static string Candidates(SqlDialect dialect) => $"""
        SELECT t.id AS {nameof(DueTaskRow.Id)}, t.code AS {nameof(DueTaskRow.Code)}, t.regulation_id AS {nameof(DueTaskRow.RegulationId)},
               t.classification AS {nameof(DueTaskRow.Classification)}, t.due_date AS {nameof(DueTaskRow.DueDate)}
        FROM tasks t
        WHERE t.id > @AfterId AND t.status IN ({string.Join(", ", TaskStatuses.Open.Select(s => $"'{s}'"))})
          AND t.due_date <= @Horizon
        ORDER BY t.id
        {dialect.Limit("@Take")};
        """;

    private sealed record DueTaskRow
    {
        public int Id { get; init; }

        public string Code { get; init; } = "";

        public int RegulationId { get; init; }

        public int Classification { get; init; }

        public DateOnly DueDate { get; init; }
    }
}
