using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Tasks;

/// <summary>What a copy of a task into a plan year sets; everything else is the source's (see <see cref="TasksSql.Copy"/>).</summary>
/// <param name="SourceId">The task copied.</param>
/// <param name="PlanYear">The plan year of the copy.</param>
/// <param name="StartDate">Its start.</param>
/// <param name="DueDate">Its due date.</param>
/// <param name="Status">Its status.</param>
internal sealed record TaskCopy(int SourceId, int PlanYear, DateOnly StartDate, DateOnly DueDate, string Status)
{
    /// <summary>An occurrence of this recurring task: the copy is a one-off task of its series.</summary>
    public int? SeriesTaskId { get; init; }

    /// <summary>The first series of the series' carry-over chain (<see cref="TaskStore.SeriesOriginAsync"/>), for an occurrence.</summary>
    public int? SeriesOriginId { get; init; }

    /// <summary>The copy carries this task over (a review's next plan).</summary>
    public int? ContinuesTaskId { get; init; }

    /// <summary>Titles of the copy; null keeps the source's.</summary>
    public string? TitleVi { get; init; }

    public string? TitleEn { get; init; }

    /// <summary>The copy starts from the source's progress instead of 0.</summary>
    public bool KeepsProgress { get; init; }
}

/// <summary>
/// The title of a task carried into another plan year: the plan year it names, as a word of its own, becomes the new one
/// ("… năm 2026" carried into 2027 reads "… năm 2027"), so a title never contradicts its plan year. A year inside a
/// reference or a period ("chuyên án CN-02/2026", "Q3/2026") names something else and is left alone, as is another year.
/// </summary>
internal static partial class PlanYearTitles
{
    public static string Carry(string title, int fromYear, int toYear) =>
        YearNumber().Replace(title, m => m.Value == fromYear.ToString(CultureInfo.InvariantCulture) ? toYear.ToString(CultureInfo.InvariantCulture) : m.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![^\s(])\d{4}(?![^\s.,;:)])")]
    private static partial System.Text.RegularExpressions.Regex YearNumber();
}

/// <summary>
/// The shared reads and writes of tasks, over one connection: a task with its units as a caller sees it, a new task and its
/// counterparts, citations and contacts, its history, and "copy a task into plan year N". Made for a write
/// (<see cref="Of(WriteScope, ReferenceData)"/>) or for a read (<see cref="Reading"/>).
/// </summary>
internal sealed class TaskStore
{
    private readonly DbConnection connection;
    private readonly DbTransaction? transaction;
    private readonly WriteScope? write;
    private readonly ReferenceData reference;
    private readonly CancellationToken cancellationToken;

    private TaskStore(
        DbConnection connection, DbTransaction? transaction, WriteScope? write, ReferenceData reference, DateOnly today, CancellationToken cancellationToken)
    {
        this.cancellationToken = cancellationToken;
        this.connection = connection;
        this.transaction = transaction;
        this.write = write;
        this.reference = reference;
        Today = today;
    }

    /// <summary>The tasks as a write sees and changes them (its transaction, its time; like the write, never cancelled midway).</summary>
    public static TaskStore Of(WriteScope write, ReferenceData reference) =>
        new(write.Connection, write.Transaction, write, reference, write.Today, CancellationToken.None);

    /// <summary>The tasks as a read sees them.</summary>
    public static TaskStore Reading(DbConnection connection, ReferenceData reference, DateOnly today, CancellationToken cancellationToken) =>
        new(connection, null, null, reference, today, cancellationToken);

    public DateOnly Today { get; }

    internal WriteScope Write => write ?? throw new InvalidOperationException("This task store reads only; make it with TaskStore.Of(write, ...).");

    public static ProblemHttpResult NotFound(int id) => Problems.NotFound($"No task with the id {id} exists for you.");

    /// <summary>The task as the caller sees it, with its citations, units and contacts, or null when it does not exist for them.</summary>
    public async Task<(TaskRow Row, TaskDto Dto)?> LoadAsync(Caller caller, int id)
    {
        using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            TasksSql.Detail, CallerParameters.For(caller, new { Id = id }), transaction, cancellationToken: cancellationToken));
        var row = await results.ReadSingleOrDefaultAsync<TaskRow>();
        if (row is null)
        {
            return null;
        }

        var citations = (await results.ReadAsync<ProvisionKey>()).Select(c => new CitationDto(c.VersionId, c.AknId)).ToList();
        var counterpartIds = (await results.ReadAsync<int>()).AsList();
        var contacts = (await results.ReadAsync<ContactRow>())
            .Select(c => new ContactDto(c.Name, c.UnitId is { } u ? reference.Unit(u)?.Code : null, c.Phone, c.Email)).ToList();
        var parties = new TaskParties(row.LeadUnitId, row.LeadAgencyId, counterpartIds);
        var dto = new TaskDto(
            row.Id, row.RegulationId, row.Code, row.TitleVi, row.TitleEn, row.DescriptionVi, row.DescriptionEn, citations,
            UnitDto(row.LeadUnitId), [.. counterpartIds.Select(UnitDto)], contacts,
            ((Clearance)row.Classification).ToName(), row.Kind, row.Recurrence, row.PlanYear, row.StartDate, row.DueDate, row.Priority,
            row.Status, row.IsOverdue(Today), row.Progress, row.SeriesTaskId, row.ContinuesTaskId, row.CreatedAt, row.UpdatedAt,
            row.CompletedAt, TaskWorkflow.AllowedFor(caller, parties, row.Status),
            // A carried-over task is closed: neither edited nor reported on (its successor is).
            row.Status != TaskStatuses.CarriedOver && parties.MayEdit(caller),
            row.Status != TaskStatuses.CarriedOver && parties.MayReport(caller, reference))
        {
            CarriedOverToTaskId = row.CarriedOverToTaskId,
        };
        return (row, dto);
    }

    /// <summary>The task row alone as the caller sees it, or null.</summary>
    public Task<TaskRow?> RowAsync(Caller caller, int id) =>
        connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
            TasksSql.Row, CallerParameters.For(caller, new { Id = id }), transaction, cancellationToken: cancellationToken));

    public async Task<TaskParties> PartiesAsync(TaskRow row) =>
        new(row.LeadUnitId, row.LeadAgencyId, (await connection.QueryAsync<int>(TasksSql.CounterpartsOfTask, new { row.Id }, transaction)).AsList());

    /// <summary>The due dates of the occurrences of a recurring task's whole carry-over chain, of every year.</summary>
    public async Task<HashSet<DateOnly>> OccurrenceDueDatesAsync(int seriesId, int originId) =>
        (await connection.QueryAsync<DateOnly>(TasksSql.OccurrenceDueDates, new { Id = seriesId, OriginId = originId }, transaction)).ToHashSet();

    /// <summary>
    /// The first series of a recurring task's carry-over chain (itself when it continues nothing): the occurrences of every
    /// series of the chain share it, so one period of the work has one occurrence. One step per year the work was carried.
    /// </summary>
    public async Task<int> SeriesOriginAsync(int seriesId)
    {
        var origin = seriesId;
        while (await connection.ExecuteScalarAsync<int?>(TasksSql.Continues, new { Id = origin }, transaction) is { } previous)
        {
            origin = previous;
        }

        return origin;
    }

    /// <summary>Closes a task a review carried over (<see cref="TaskStatuses.CarriedOver"/>).</summary>
    public Task CloseCarriedOverAsync(int id) => connection.ExecuteAsync(TasksSql.CloseCarriedOver, new { Id = id, Write.Now }, Write.Transaction);

    /// <summary>Moves a carried-over series' occurrences after <paramref name="periodYear"/> to its successor; answers their ids.</summary>
    public async Task<List<int>> MoveLaterOccurrencesAsync(int sourceId, int successorId, int periodYear) =>
        (await connection.QueryAsync<int>(TasksSql.MoveLaterOccurrences, new { SourceId = sourceId, SuccessorId = successorId, PeriodYear = periodYear }, Write.Transaction)).AsList();

    /// <summary>Takes the task row's write lock before the task is read to decide a write (see <see cref="TasksSql.LockTask"/>).</summary>
    public Task LockAsync(int id) => connection.ExecuteAsync(TasksSql.LockTask, new { Id = id }, Write.Transaction);

    /// <summary>Inserts a new task (no series, continuing nothing, progress 0) with the next code of its regulation.</summary>
    public async Task<int> InsertAsync(int regulationId, TaskFields fields, ResolvedTask resolved, string status)
    {
        var (seq, code) = await NextCodeAsync(regulationId);
        var id = await connection.ExecuteScalarAsync<int>(TasksSql.Insert(Write.Dialect), new
        {
            RegulationId = regulationId, Seq = seq, Code = code,
            fields.TitleVi, fields.TitleEn, DescriptionVi = fields.DescriptionVi ?? "", DescriptionEn = fields.DescriptionEn ?? "",
            LeadUnitId = resolved.LeadUnit.Id, LeadAgencyId = resolved.LeadUnit.AgencyId, resolved.Classification, fields.Kind,
            fields.Recurrence, fields.PlanYear, fields.StartDate, fields.DueDate, fields.Priority, Status = status, Progress = 0,
            SeriesTaskId = (int?)null, ContinuesTaskId = (int?)null, IsDemo = false, Write.Now, CompletedAt = (DateTimeOffset?)null,
        }, transaction);
        await WriteChildrenAsync(id, resolved);
        await Search.SearchIndex.IndexTasksAsync(Write, [id]);
        return id;
    }

    /// <summary>
    /// Copies a task into a plan year, with its counterparts, citations and contacts and the next code of its regulation:
    /// an occurrence of a recurring task, or an unfinished task a review carries over. Answers the copy's id.
    /// </summary>
    public async Task<int> CopyAsync(int regulationId, TaskCopy copy)
    {
        var (seq, code) = await NextCodeAsync(regulationId);
        var id = await connection.ExecuteScalarAsync<int>(TasksSql.Copy(Write.Dialect), new
        {
            copy.SourceId, Seq = seq, Code = code, copy.TitleVi, copy.TitleEn, copy.PlanYear, copy.StartDate, copy.DueDate, copy.Status,
            KeepsProgress = copy.KeepsProgress ? 1 : 0, copy.SeriesTaskId, copy.ContinuesTaskId, copy.SeriesOriginId, Write.Now,
        }, transaction);
        await connection.ExecuteAsync(TasksSql.CopyChildren, new { Id = id, copy.SourceId }, transaction);
        await Search.SearchIndex.IndexTasksAsync(Write, [id]);
        return id;
    }

    /// <summary>Replaces a task's counterparts, citations and contacts.</summary>
    public async Task WriteChildrenAsync(int taskId, ResolvedTask task)
    {
        await connection.ExecuteAsync(TasksSql.DeleteCounterparts, new { Id = taskId }, transaction);
        await connection.ExecuteAsync(TasksSql.DeleteCitations, new { Id = taskId }, transaction);
        await connection.ExecuteAsync(TasksSql.DeleteContacts, new { Id = taskId }, transaction);
        await connection.ExecuteAsync(TasksSql.InsertCounterpart, task.Counterparts.Select(u => new { TaskId = taskId, UnitId = u.Id }), transaction);
        await connection.ExecuteAsync(TasksSql.InsertCitation, task.Citations.Select(c => new { TaskId = taskId, c.VersionId, c.AknId }), transaction);
        await connection.ExecuteAsync(TasksSql.InsertContact, task.Contacts.Select((c, i) => new
        {
            TaskId = taskId, Ordinal = i + 1, c.Contact.Name, c.UnitId, c.Contact.Phone, c.Contact.Email,
        }), transaction);
    }

    /// <summary>
    /// Adds an entry to a task's history, classified at the level of the values it holds (<paramref name="classification"/>):
    /// callers cleared below it see the entry without its comment and changes.
    /// </summary>
    public Task AddHistoryAsync(
        int taskId, Caller actor, int classification, string kind, string? from = null, string? to = null, string? comment = null, object? changes = null) =>
        connection.ExecuteAsync(TasksSql.InsertHistory, new
        {
            TaskId = taskId, Classification = classification, Write.Now, ActorName = actor.Name, ActorKind = actor.AuthorKind, Kind = kind,
            FromStatus = from, ToStatus = to, Comment = comment,
            ChangesJson = changes is null ? null : JsonSerializer.Serialize(changes, JsonSerializerOptions.Web),
        }, transaction);

    /// <summary>The next sequence number and code of a regulation's tasks (e.g. <c>QC2021-T35</c>).</summary>
    private async Task<(int Seq, string Code)> NextCodeAsync(int regulationId)
    {
        // Concurrent creates on SQL Server would otherwise read the same next number; they queue on the regulation's row instead.
        await connection.ExecuteAsync(Regulations.RegulationWritesSql.Lock, new { RegulationId = regulationId }, transaction);
        var seq = await connection.ExecuteScalarAsync<int>(TasksSql.NextSeq, new { RegulationId = regulationId }, transaction);
        var prefix = await connection.ExecuteScalarAsync<string>(TasksSql.RegulationCode, new { Id = regulationId }, transaction);
        return (seq, string.Create(CultureInfo.InvariantCulture, $"{prefix}-T{seq:00}"));
    }

    private TaskUnitDto UnitDto(int unitId)
    {
        var unit = reference.Unit(unitId) ?? throw new InvalidOperationException($"Unit {unitId} is missing from the reference data.");
        return new TaskUnitDto(unit.Id, unit.Code, unit.NameVi, unit.NameEn, unit.Tier, unit.AgencyCode);
    }
}
