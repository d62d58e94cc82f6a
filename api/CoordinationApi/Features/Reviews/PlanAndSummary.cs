using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.Reviews;

/// <summary>Which regulation and years the preliminary review summary covers.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="FromYear">First plan year (default: the year after signature).</param>
/// <param name="ToYear">Last plan year (default: the preliminary review's year).</param>
public sealed record SummaryQuery(
    [property: FromQuery(Name = "regulationId")] int RegulationId,
    [property: FromQuery(Name = "fromYear")] int? FromYear,
    [property: FromQuery(Name = "toYear")] int? ToYear);

internal sealed class SummaryQueryValidator : AbstractValidator<SummaryQuery>
{
    public SummaryQueryValidator()
    {
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.FromYear).IsYear();
        RuleFor(q => q.ToYear).IsYear();
        RuleFor(q => q.ToYear).GreaterThanOrEqualTo(q => q.FromYear).When(q => q.FromYear is not null && q.ToYear is not null);
        RuleFor(q => q.ToYear).Must((q, to) => to - q.FromYear < Bounds.MaxYearSpan).When(q => q.FromYear is not null && q.ToYear is not null)
            .WithMessage($"At most {Bounds.MaxYearSpan} years at once.");
    }
}

/// <summary>A task and the result each annual review recorded for it.</summary>
/// <param name="TaskId">Task id.</param>
/// <param name="Code">Its code.</param>
/// <param name="TitleVi">Title in Vietnamese.</param>
/// <param name="TitleEn">Title in English.</param>
/// <param name="PlanYear">Its plan year.</param>
/// <param name="Status">Its status.</param>
/// <param name="Results">Result per reviewed year (achieved, partly_achieved, not_achieved, not_applicable).</param>
public sealed record SummaryTaskDto(int TaskId, string Code, string TitleVi, string TitleEn, int PlanYear, [Vocabulary(typeof(TaskStatuses), nameof(TaskStatuses.Stored))] string Status, Dictionary<int, string> Results)
    : IClassifiedRecord
{
    /// <summary>The task, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>An article and the tasks that carry it out over the period.</summary>
/// <param name="AknId">The article.</param>
/// <param name="Num">Its number.</param>
/// <param name="HeadingVi">Heading in Vietnamese.</param>
/// <param name="HeadingEn">Heading in English.</param>
/// <param name="Tasks">The tasks citing it or its clauses.</param>
public sealed record SummaryArticleDto(string AknId, string Num, string? HeadingVi, string? HeadingEn, List<SummaryTaskDto> Tasks);

/// <summary>Completion in one year.</summary>
/// <param name="Year">Plan year.</param>
/// <param name="Tasks">Tasks (cancelled ones aside).</param>
/// <param name="Completed">Of which completed.</param>
/// <param name="Rate">Completed / tasks, 0–1.</param>
public sealed record CompletionDto(int Year, int Tasks, int Completed, double Rate);

/// <summary>An agency's or unit's completion over the period.</summary>
/// <param name="Code">Agency or unit code.</param>
/// <param name="AgencyCode">The agency.</param>
/// <param name="Total">Over all years.</param>
/// <param name="ByYear">Per year.</param>
public sealed record CompletionGroupDto(string Code, string AgencyCode, CompletionDto Total, List<CompletionDto> ByYear);

/// <summary>The preliminary review's summary of the whole period.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Years">The plan years covered.</param>
/// <param name="Articles">Per article: its tasks and their results by year.</param>
/// <param name="Agencies">Completion per lead agency.</param>
/// <param name="Units">Completion per lead unit.</param>
public sealed record PreliminarySummaryDto(int RegulationId, List<int> Years, List<SummaryArticleDto> Articles, List<CompletionGroupDto> Agencies, List<CompletionGroupDto> Units);

public static partial class ReviewsEndpoints
{
    /// <summary>The plan the review adopted when it was concluded; before that, a preview of what concluding would carry over.</summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<PlanDto>, ProblemHttpResult>> GetReviewPlan(
        int id, Caller caller, [AsParameters] ReviewServices services, CancellationToken cancellationToken)
    {
        var today = services.Clock.Today();
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
            ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken));
        if (review is null)
        {
            return NoSuchReview(id);
        }

        if (review.Status == ReviewStatuses.Concluded)
        {
            var items = (await connection.QueryAsync<PlanItemRow>(ReviewsSql.PlanItems, new { ReviewId = id })).AsList();
            var tasks = items.Count == 0 ? [] : (await connection.QueryAsync<TaskSummaryRow>(ReviewsSql.TasksByIds(services.Db.Dialect),
                CallerParameters.For(caller, new { Ids = SqlDialect.JsonList(items.Select(i => i.TaskId)) }))).ToDictionary(t => t.Id);
            var counterparts = (tasks.Count == 0 ? [] : await connection.QueryAsync<CounterpartCodeRow>(TasksSql.CounterpartCodes(services.Db.Dialect),
                new { Ids = SqlDialect.JsonList(tasks.Keys) })).ToLookup(c => c.TaskId, c => c.Code);
            return TypedResults.Ok(new PlanDto(id, review.AdoptedPlanYear ?? review.PeriodYear + 1, true, [.. items
                .Where(i => tasks.ContainsKey(i.TaskId))
                .Select(i => new PlanItemDto(i.Origin, i.SourceTaskId, i.SourceTaskCode, tasks[i.TaskId].ToDto(counterparts[i.TaskId], today),
                    tasks[i.TaskId].TitleVi, tasks[i.TaskId].TitleEn) { Of = tasks[i.TaskId].AuditedAs() })]));
        }

        var scope = await connection.QueryAsync<TaskSummaryRow>(ReviewsSql.ScopeTasks, CallerParameters.For(caller, new { review.RegulationId, review.PeriodYear, ReviewId = review.Id }));
        return TypedResults.Ok(new PlanDto(id, review.PeriodYear + 1, false, [.. scope
            .Where(t => TaskStatuses.Open.Contains(t.Status))
            .Select(t => new PlanItemDto("carried_over", t.Id, t.Code, null, t.TitleVi, t.TitleEn) { Of = t.AuditedAs() })]));
    }

    /// <summary>
    /// The preliminary review's summary: per article, the tasks that carry it out and their results by year; per agency and
    /// unit, completion rates. Within the caller's scope and clearance.
    /// </summary>
    public static async Task<Results<Ok<PreliminarySummaryDto>, ProblemHttpResult>> GetPreliminarySummary(
        [AsParameters] SummaryQuery query, Caller caller, [AsParameters] ReviewServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        using var policyResults = await connection.QueryMultipleAsync(new CommandDefinition(ReviewsSql.Policy,
            CallerParameters.For(caller, new { query.RegulationId }), cancellationToken: cancellationToken));
        var policy = await policyResults.ReadSingleOrDefaultAsync<PolicyRow>();
        if (policy is null)
        {
            return Problems.NotFound($"No regulation with the id {query.RegulationId} is open to your agency.");
        }

        var from = query.FromYear ?? policy.SignedOn.Year + 1;
        var to = query.ToYear ?? policy.SignedOn.Year + policy.PreliminaryAfterYears;
        var years = Enumerable.Range(from, Math.Max(0, to - from + 1)).ToList();
        var parameters = CallerParameters.For(caller, new { query.RegulationId, FromYear = from, ToYear = to, Today = services.Clock.Today() });
        using var data = await connection.QueryMultipleAsync(new CommandDefinition(SummarySql.Data(services.Db.Dialect), parameters, cancellationToken: cancellationToken));
        var tasks = (await data.ReadAsync<SummaryTaskRow>()).AsList();
        var citations = (await data.ReadAsync<(int TaskId, string AknId)>()).AsList();
        var results = (await data.ReadAsync<(int TaskId, int Year, string Result)>()).AsList();
        var articles = (await data.ReadAsync<(string AknId, string Num, string? HeadingVi, string? HeadingEn)>()).AsList();

        var resultsByTask = results.ToLookup(r => r.TaskId);
        var taskDtos = tasks.ToDictionary(t => t.Id, t => new SummaryTaskDto(t.Id, t.Code, t.TitleVi, t.TitleEn, t.PlanYear, t.Status,
            resultsByTask[t.Id].GroupBy(r => r.Year).ToDictionary(g => g.Key, g => g.Last().Result))
        {
            Of = new("task", t.Id.ToString(CultureInfo.InvariantCulture), (Clearance)t.Classification, query.RegulationId),
        });
        var articleDtos = articles.Select(a => new SummaryArticleDto(a.AknId, a.Num, a.HeadingVi, a.HeadingEn, [.. citations
            .Where(c => c.AknId == a.AknId || c.AknId.StartsWith(a.AknId + "__", StringComparison.Ordinal))
            .Select(c => c.TaskId).Distinct().Where(taskDtos.ContainsKey).Select(id => taskDtos[id]).OrderBy(t => t.PlanYear).ThenBy(t => t.Code, StringComparer.Ordinal)]))
            .ToList();

        CompletionGroupDto Group(string code, string agency, IEnumerable<SummaryTaskRow> rows)
        {
            // A task carried over is counted once, as its successor (its results of its year stay in the article table).
            var counted = rows.Where(r => r.Status is not (TaskStatuses.Cancelled or TaskStatuses.CarriedOver)).ToList();
            CompletionDto Rate(int year, IEnumerable<SummaryTaskRow> set)
            {
                var list = set.ToList();
                var done = list.Count(r => r.Status == TaskStatuses.Completed);
                return new CompletionDto(year, list.Count, done, list.Count == 0 ? 0 : Math.Round((double)done / list.Count, 3));
            }

            return new CompletionGroupDto(code, agency, Rate(0, counted), [.. years.Select(y => Rate(y, counted.Where(r => r.PlanYear == y)))]);
        }

        var agencies = tasks.GroupBy(t => services.Reference.Unit(t.LeadUnitId)!.AgencyCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Group(g.Key, g.Key, g)).ToList();
        var units = tasks.GroupBy(t => services.Reference.Unit(t.LeadUnitId)!).OrderBy(g => g.Key.AgencyCode, StringComparer.Ordinal).ThenBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => Group(g.Key.Code, g.Key.AgencyCode, g)).ToList();
        return TypedResults.Ok(new PreliminarySummaryDto(query.RegulationId, years, articleDtos, agencies, units));
    }
}

internal sealed record SummaryTaskRow
{
    public int Id { get; init; }

    public string Code { get; init; } = "";

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public int PlanYear { get; init; }

    public string Status { get; init; } = "";

    public int LeadUnitId { get; init; }

    public int Classification { get; init; }
}

internal static class SummarySql
{
    /// <summary>The period's visible tasks, their citations, the annual and preliminary reviews' results, and the articles in force.</summary>
    public static string Data(SqlDialect dialect) => $"""
        SELECT t.id AS {nameof(SummaryTaskRow.Id)}, t.code AS {nameof(SummaryTaskRow.Code)}, t.title_vi AS {nameof(SummaryTaskRow.TitleVi)},
               t.title_en AS {nameof(SummaryTaskRow.TitleEn)}, t.plan_year AS {nameof(SummaryTaskRow.PlanYear)}, t.status AS {nameof(SummaryTaskRow.Status)},
               t.lead_unit_id AS {nameof(SummaryTaskRow.LeadUnitId)}, t.classification AS {nameof(SummaryTaskRow.Classification)}
        FROM tasks t
        WHERE t.regulation_id = @RegulationId AND t.plan_year BETWEEN @FromYear AND @ToYear AND {TaskListSql.Visible}
        ORDER BY t.seq;

        SELECT c.task_id, c.akn_id
        FROM task_citations c
        JOIN tasks t ON t.id = c.task_id
        WHERE t.regulation_id = @RegulationId AND t.plan_year BETWEEN @FromYear AND @ToYear AND {TaskListSql.Visible};

        SELECT e.task_id, r.period_year, e.result
        FROM review_evaluations e
        JOIN reviews r ON r.id = e.review_id
        JOIN tasks t ON t.id = e.task_id
        WHERE r.regulation_id = @RegulationId AND r.kind IN ('annual', 'preliminary') AND r.period_year BETWEEN @FromYear AND @ToYear
          AND {TaskListSql.Visible}
        ORDER BY r.period_year, r.id;

        SELECT p.akn_id, p.num, p.heading_vi, p.heading_en
        FROM provisions p
        WHERE p.kind = 'article'
          AND p.version_id = (SELECT v.id FROM regulation_versions v
                              WHERE v.regulation_id = @RegulationId AND v.status = 'published' AND v.effective_from <= @Today
                              ORDER BY v.effective_from DESC, v.number DESC
                              {dialect.Limit("1")})
        ORDER BY p.id;
        """;
}
