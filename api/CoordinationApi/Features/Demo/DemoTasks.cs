using System.Globalization;
using System.Text.Json;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Demo;

internal sealed record DemoTasksFile(List<SeedTask> Tasks);

internal sealed record SeedTask(
    string Key, string TitleVi, string TitleEn, string DescriptionVi, string DescriptionEn, List<string> Cites, string LeadUnit,
    List<string> CounterpartUnits, List<SeedContact> Contacts, string Classification, string Kind, string? Recurrence, int PlanYear,
    DateOnly StartDate, DateOnly DueDate, string Priority, string Status, List<SeedReport> Reports);

internal sealed record SeedContact(string Name, string? Unit, string? Phone, string? Email);

internal sealed record SeedReport(DateOnly Date, int Percent, string Narrative, string Unit);

/// <summary>
/// 34 illustrative joint tasks of the demo regulation (database/seed/demo-tasks.json, marked demo), with a plausible
/// history: created and assigned on the start date, started the next day, their progress reports, and completion or
/// cancellation. Keyed by code: seeding again adds nothing.
/// </summary>
internal static class DemoTasks
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task SeedAsync(WriteScope write, string regulationCode)
    {
        var (connection, transaction, dialect) = (ReadScope)write;
        using var stream = typeof(DemoTasks).Assembly.GetManifestResourceStream("Seed.demo-tasks.json")!;
        var file = JsonSerializer.Deserialize<DemoTasksFile>(stream, Json)!;
        var regulation = await connection.QuerySingleAsync<(int Id, int VersionId)>(DemoSql.RegulationAndFirstVersion, new { Code = regulationCode }, transaction);
        var units = (await connection.QueryAsync<(int Id, string Code, int AgencyId)>(DemoSql.Units, transaction: transaction)).ToDictionary(u => u.Code);
        var existing = (await connection.QueryAsync<string>(DemoSql.TaskCodes, new { RegulationId = regulation.Id, MaxSeq = file.Tasks.Count }, transaction)).ToHashSet();

        foreach (var (task, index) in file.Tasks.Select((t, i) => (t, i)))
        {
            var seq = index + 1;
            var code = string.Create(CultureInfo.InvariantCulture, $"{regulationCode}-T{seq:00}");
            if (existing.Contains(code))
            {
                continue;
            }

            var lead = units[task.LeadUnit];
            var progress = task.Status == TaskStatuses.Completed ? 100 : task.Reports.Select(r => r.Percent).DefaultIfEmpty(0).Max();
            var finished = task.Reports.Count > 0 ? task.Reports[^1].Date : task.DueDate;
            var id = await connection.ExecuteScalarAsync<int>(TasksSql.Insert(dialect), new
            {
                RegulationId = regulation.Id, Seq = seq, Code = code, task.TitleVi, task.TitleEn, task.DescriptionVi, task.DescriptionEn,
                LeadUnitId = lead.Id, LeadAgencyId = lead.AgencyId, Classification = (int)ClearanceNames.Parse(task.Classification),
                task.Kind, task.Recurrence, task.PlanYear, task.StartDate, task.DueDate, task.Priority, task.Status, Progress = progress,
                // Never stamped in the future (a task starting next month was still written today): a change feed
                // resumed from the latest updatedAt it read would otherwise skip every change until that day.
                SeriesTaskId = (int?)null, ContinuesTaskId = (int?)null, IsDemo = true, Now = Min(At(task.StartDate), write.Now),
                CompletedAt = task.Status == TaskStatuses.Completed ? At(finished) : (DateTimeOffset?)null,
            }, transaction);
            await connection.ExecuteAsync(TasksSql.InsertCounterpart, task.CounterpartUnits.Select(u => new { TaskId = id, UnitId = units[u].Id }), transaction);
            await connection.ExecuteAsync(TasksSql.InsertCitation, task.Cites.Select(a => new { TaskId = id, regulation.VersionId, AknId = a }), transaction);
            await connection.ExecuteAsync(TasksSql.InsertContact, task.Contacts.Select((c, i) => new
            {
                TaskId = id, Ordinal = i + 1, c.Name, UnitId = c.Unit is null ? (int?)null : units[c.Unit].Id, c.Phone, c.Email,
            }), transaction);
            foreach (var report in task.Reports)
            {
                await connection.ExecuteAsync(TasksSql.InsertReport(dialect), new
                {
                    TaskId = id, Classification = (int)ClearanceNames.Parse(task.Classification), ReportingUnitId = units[report.Unit].Id, ReportDate = report.Date, report.Percent, report.Narrative,
                    AttachmentName = (string?)null, AttachmentBytes = (long?)null, IsCorrection = false,
                    CreatedBy = $"{report.Unit[..3].ToLowerInvariant()}.officer", CreatedByKind = AuthorKinds.User, Now = Min(At(report.Date), write.Now),
                }, transaction);
            }

            await connection.ExecuteAsync(TasksSql.InsertHistory, History(id, task, finished), transaction);
        }
    }

    private static List<object> History(int taskId, SeedTask task, DateOnly finished)
    {
        var coordinator = $"{task.LeadUnit[..3].ToLowerInvariant()}.coordinator";
        var officer = $"{task.LeadUnit[..3].ToLowerInvariant()}.officer";
        object Entry(DateOnly on, string actor, string kind, string? from, string? to, string? comment = null, object? changes = null) => new
        {
            TaskId = taskId, Classification = (int)ClearanceNames.Parse(task.Classification), Now = At(on), ActorName = actor, ActorKind = AuthorKinds.User, Kind = kind, FromStatus = from, ToStatus = to, Comment = comment,
            ChangesJson = changes is null ? null : JsonSerializer.Serialize(changes, JsonSerializerOptions.Web),
        };

        var entries = new List<object> { Entry(task.StartDate, coordinator, "created", null, TaskStatuses.Draft) };
        if (task.Status == TaskStatuses.Draft)
        {
            return entries;
        }

        entries.Add(Entry(task.StartDate, coordinator, "transition", TaskStatuses.Draft, TaskStatuses.Assigned));
        var started = task.Status is TaskStatuses.InProgress or TaskStatuses.Completed || task.Reports.Count > 0;
        if (started)
        {
            entries.Add(Entry(task.StartDate.AddDays(1), officer, "transition", TaskStatuses.Assigned, TaskStatuses.InProgress));
        }

        // A report's entry carries what the API's own report writes (CreateProgressReport): its percent, unit and correction flag.
        entries.AddRange(task.Reports.Select(r => Entry(r.Date, $"{r.Unit[..3].ToLowerInvariant()}.officer", "report", null, null, r.Narrative,
            new { percent = r.Percent, unit = r.Unit, isCorrection = false })));
        if (task.Status == TaskStatuses.Completed)
        {
            entries.Add(Entry(finished, officer, "transition", TaskStatuses.InProgress, TaskStatuses.Completed));
        }
        else if (task.Status == TaskStatuses.Cancelled)
        {
            entries.Add(Entry(finished, coordinator, "transition", started ? TaskStatuses.InProgress : TaskStatuses.Assigned, TaskStatuses.Cancelled,
                "Cancelled by agreement of the two Offices."));
        }

        return entries;
    }

    /// <summary>09:00 in Hà Nội on that day.</summary>
    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(9, 0)), RegisterCalendar.Offset);
}
