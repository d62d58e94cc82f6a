using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Tasks;

/// <summary>The task list's request: filters, sort and paging (the SQL it becomes is <see cref="TaskListSql"/>).</summary>
/// <param name="RegulationId">Only this regulation's tasks.</param>
/// <param name="Status">One or more of draft, assigned, in_progress, completed, cancelled, overdue (open and past due).</param>
/// <param name="LeadAgency">Agency code of the lead unit, e.g. <c>MPS</c>.</param>
/// <param name="LeadUnit">Code of the lead unit.</param>
/// <param name="CounterpartUnit">Code of a counterpart unit.</param>
/// <param name="Article">A cited provision id; matches it and the clauses and points under it.</param>
/// <param name="PlanYear">Plan year.</param>
/// <param name="Classification">unclassified, confidential, secret or top-secret.</param>
/// <param name="DueFrom">Due on or after.</param>
/// <param name="DueTo">Due on or before.</param>
/// <param name="Q">Words that must all occur in the code, titles or descriptions; case and Vietnamese diacritics are ignored.</param>
/// <param name="Sort">due (default), -due, code, -updated (latest change first) or updated (oldest change first, the order of <c>updatedSince</c>).</param>
/// <param name="UpdatedSince">Only tasks changed at or after this instant (RFC 3339, e.g. <c>2026-01-31T08:00:00Z</c>), in the order of their changes (<c>sort</c> is then <c>updated</c>); a status change (completed, cancelled) is a change. To synchronise, keep the <c>updatedAt</c> of the last task you received and pass it next time (tasks changed at exactly that instant come again).</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record TaskListQuery(
    [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Filterable))] [property: FromQuery(Name = "status")] string[]? Status,
    [property: FromQuery(Name = "leadAgency")] string? LeadAgency,
    [property: FromQuery(Name = "leadUnit")] string? LeadUnit,
    [property: FromQuery(Name = "counterpartUnit")] string? CounterpartUnit,
    [property: FromQuery(Name = "article")] string? Article,
    [property: FromQuery(Name = "planYear")] int? PlanYear,
    [Vocabulary(typeof(ClearanceNames))] [property: FromQuery(Name = "classification")] string? Classification,
    [property: FromQuery(Name = "dueFrom")] DateOnly? DueFrom,
    [property: FromQuery(Name = "dueTo")] DateOnly? DueTo,
    [property: FromQuery(Name = "q")] string? Q,
    [Vocabulary(typeof(TaskSort), nameof(TaskSort.Names))] [property: FromQuery(Name = "sort")] string? Sort,
    [property: FromQuery(Name = ChangeFeed.Parameter)] DateTimeOffset? UpdatedSince,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : ITaskListQuery, IPageQuery;

/// <summary>The task list's filters and sort, as the list (<see cref="TaskListQuery"/>) and the export of tasks take them.</summary>
public interface ITaskListQuery
{
    int? RegulationId { get; }

    string[]? Status { get; }

    string? LeadAgency { get; }

    string? LeadUnit { get; }

    string? CounterpartUnit { get; }

    string? Article { get; }

    int? PlanYear { get; }

    string? Classification { get; }

    DateOnly? DueFrom { get; }

    DateOnly? DueTo { get; }

    string? Q { get; }

    string? Sort { get; }
}

internal sealed class TaskListQueryValidator : AbstractValidator<TaskListQuery>
{
    public TaskListQueryValidator(Cursors cursors)
    {
        Include(new TaskListQueryRules<TaskListQuery>());
        Include(new PageRules<TaskListQuery>(cursors, ListTasks.ListName, TaskSort.IsCursorPosition));
        RuleFor(q => q.UpdatedSince).IsInstant();
        RuleFor(q => q.Sort).Must(s => s is null || s == TaskSort.Changed.Name).When(q => q.UpdatedSince is not null)
            .WithMessage($"With updatedSince the tasks come in the order of their changes: leave sort out or use '{TaskSort.Changed.Name}'.");
    }
}

/// <summary>The rules of the task list's filters, for every query that has them.</summary>
internal sealed class TaskListQueryRules<T> : AbstractValidator<T>
    where T : ITaskListQuery
{
    public TaskListQueryRules()
    {
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.Status).MaxItems(TaskStatuses.Filterable.Length);
        RuleForEach(q => q.Status).MaximumLength(Bounds.Code).Must(TaskStatuses.Filterable.Contains)
            .WithMessage($"Status must be among: {string.Join(", ", TaskStatuses.Filterable)}.");
        RuleFor(q => q.LeadAgency).MaximumLength(Bounds.Code);
        RuleFor(q => q.LeadUnit).MaximumLength(Bounds.Code);
        RuleFor(q => q.CounterpartUnit).MaximumLength(Bounds.Code);
        RuleFor(q => q.DueFrom).IsDate();
        RuleFor(q => q.DueTo).IsDate();
        RuleFor(q => q.Classification).MaximumLength(Bounds.Code).Must(c => c is null || ClearanceNames.TryParse(c, out _))
            .WithMessage($"Classification must be one of: {string.Join(", ", ClearanceNames.All)}.");
        RuleFor(q => q.Sort).MaximumLength(Bounds.Code).Must(s => TaskSort.Parse(s) is not null)
            .WithMessage($"Sort must be one of: {string.Join(", ", TaskSort.Names)}.");
        RuleFor(q => q.DueTo).GreaterThanOrEqualTo(q => q.DueFrom).When(q => q.DueFrom is not null && q.DueTo is not null);
        RuleFor(q => q.PlanYear).InclusiveBetween(2000, 2100).When(q => q.PlanYear is not null);
        RuleFor(q => q.Article).MaximumLength(200);
        RuleFor(q => q.Q).MaximumLength(200).Must(q => q is null || TextFolding.Terms(q).Count is > 0 and <= 12)
            .WithMessage("Type 1 to 12 words (letters or digits).");
    }
}

public static class ListTasks
{
    internal const string ListName = "tasks";

    /// <summary>
    /// The tasks the caller may see, filtered and sorted, a page at a time (keyset paging: stable while tasks are added).
    /// Secret and top-secret tasks in the page are recorded in the audit trail.
    /// </summary>
    public static async Task<Results<Ok<Page<TaskSummaryDto>>, ValidationProblem>> Handle(
        [AsParameters] TaskListQuery query, Caller caller, [AsParameters] TaskServices services, CancellationToken cancellationToken)
    {
        var (resolved, errors) = Resolve(query, services.Reference);
        if (resolved is null)
        {
            return Problems.Invalid(errors!);
        }

        var sql = resolved with { UpdatedSince = query.UpdatedSince };
        var sort = query.UpdatedSince is null ? TaskSort.Parse(query.Sort)! : TaskSort.Changed;
        var limit = query.Limit ?? Cursors.DefaultLimit;
        var position = services.Cursors.PositionOf(ListName, query.Cursor);
        var today = services.Clock.Today();
        var parameters = sql.Parameters(caller, today);
        parameters.Add("Take", limit + 1);
        if (position.Length > 0 && !sort.TryAddCursor(parameters, position))
        {
            return Problems.Invalid("cursor", "The cursor belongs to another sort order or is not one this API issued.");
        }

        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var (rows, counterparts) = await sql.ReadPageAsync(connection, services.Db.Dialect, sort, position.Length > 0, parameters, cancellationToken);
        var page = services.Cursors.ToPage(ListName, rows, limit, sort.CursorOf);
        return TypedResults.Ok(new Page<TaskSummaryDto>([.. page.Items.Select(r => r.ToDto(counterparts[r.Id], today))], page.NextCursor));
    }

    /// <summary>The query's codes resolved to ids, as the list's SQL; unknown codes are field errors.</summary>
    internal static (TaskListSql? Sql, Dictionary<string, string[]>? Errors) Resolve(ITaskListQuery query, ReferenceData reference)
    {
        var errors = new Dictionary<string, string[]>();
        int? Resolve(string field, string? code, Func<string, int?> find)
        {
            if (code is null)
            {
                return null;
            }

            var id = find(code);
            if (id is null)
            {
                errors[field] = [$"'{code}' is not known."];
            }

            return id;
        }

        var leadAgency = Resolve("leadAgency", query.LeadAgency, c => reference.Agency(c)?.Id);
        var leadUnit = Resolve("leadUnit", query.LeadUnit, c => reference.Unit(c)?.Id);
        var counterpart = Resolve("counterpartUnit", query.CounterpartUnit, c => reference.Unit(c)?.Id);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var statuses = query.Status ?? [];
        return (new TaskListSql
        {
            RegulationId = query.RegulationId,
            Statuses = [.. statuses.Where(s => s != TaskStatuses.Overdue).Distinct()],
            Overdue = statuses.Contains(TaskStatuses.Overdue),
            LeadAgencyId = leadAgency,
            LeadUnitId = leadUnit,
            CounterpartUnitId = counterpart,
            Article = query.Article,
            PlanYear = query.PlanYear,
            Classification = query.Classification is null ? null : (int)ClearanceNames.Parse(query.Classification),
            DueFrom = query.DueFrom,
            DueTo = query.DueTo,
            Terms = TextFolding.Terms(query.Q),
        }, null);
    }
}
