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

/// <summary>Completion in one year (<c>year</c> 0: over the whole period, each piece of work once).</summary>
/// <param name="Year">Plan year, or 0 for the period's total.</param>
/// <param name="Tasks">Tasks (cancelled ones aside).</param>
/// <param name="Completed">Of which completed.</param>
/// <param name="Rate">Completed / tasks, 0–1.</param>
public sealed record CompletionDto(int Year, int Tasks, int Completed, double Rate);

/// <summary>An agency's or unit's completion over the period.</summary>
/// <param name="Code">Agency or unit code.</param>
/// <param name="AgencyCode">The agency.</param>
/// <param name="Total">Over the period: each piece of work once, as its latest task (cancelled work aside).</param>
/// <param name="ByYear">Per plan year: its tasks as the review of that year saw them (they add up to the summary's <c>byYear</c>).</param>
public sealed record CompletionGroupDto(string Code, string AgencyCode, CompletionDto Total, List<CompletionDto> ByYear);

/// <summary>
/// A plan year as the review of that year saw it: the figures of that review's report (GET /reviews/{id}/documents/report),
/// from the same code. Its tasks are those the review evaluates (the plan year's tasks, carried-over originals included as
/// not completed, and earlier work still open), cancelled ones aside; its results are the evaluations that review recorded.
/// </summary>
/// <param name="Year">Plan year.</param>
/// <param name="ReviewId">The review of that year (a concluded or held annual review first), or null when there is none yet.</param>
/// <param name="Tasks">Tasks of the year's review, cancelled ones aside.</param>
/// <param name="Completed">Of which completed.</param>
/// <param name="Rate">Completed / tasks, 0–1.</param>
/// <param name="Evaluated">Of which the review evaluated.</param>
/// <param name="Achieved">Evaluated achieved.</param>
/// <param name="PartlyAchieved">Evaluated partly achieved.</param>
/// <param name="NotAchieved">Evaluated not achieved.</param>
/// <param name="NotApplicable">Evaluated not applicable.</param>
/// <param name="NotEvaluated">Not evaluated (yet).</param>
public sealed record SummaryYearDto(int Year, int? ReviewId, int Tasks, int Completed, double Rate, int Evaluated, int Achieved, int PartlyAchieved,
    int NotAchieved, int NotApplicable, int NotEvaluated);

/// <summary>
/// The preliminary review's summary of the whole period. Two views, each counting a task once: per plan year, the year as its
/// review saw it (<c>byYear</c>, and each agency's and unit's <c>byYear</c>); over the period, each piece of work once as its
/// latest task (<c>articles</c>, each agency's and unit's <c>total</c>). Cancelled work is counted in neither.
/// </summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Years">The plan years covered.</param>
/// <param name="Articles">Per article: the pieces of work citing it (each as its latest task in the period, its results by year from every task of its carry-over chain), cancelled work aside.</param>
/// <param name="Agencies">Completion per lead agency.</param>
/// <param name="Units">Completion per lead unit.</param>
/// <param name="ByYear">Per plan year: the figures of that year's review report.</param>
public sealed record PreliminarySummaryDto(int RegulationId, List<int> Years, List<SummaryArticleDto> Articles, List<CompletionGroupDto> Agencies, List<CompletionGroupDto> Units,
    List<SummaryYearDto> ByYear);

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
    /// The preliminary review's summary, within the caller's scope and clearance. Per plan year (<c>byYear</c>): the tasks of
    /// that year as the review of that year saw them, exactly the figures of that review's report (a carried-over original
    /// counts in its year as not completed; earlier work still open counts in every year that saw it); each agency's and
    /// unit's <c>byYear</c> split the same figures. Over the period: each piece of work (a task and the tasks that continue it
    /// through carry-over) once, as its latest task in the period: the article table and each agency's and unit's
    /// <c>total</c>. Cancelled tasks are counted in none of them.
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
        var reviews = (await data.ReadAsync<(int Id, int PeriodYear, string Kind, string Status)>()).AsList();

        // Pieces of work: a carry-over chain (continuesTaskId) within the period, as its latest task; its results from every link.
        var byId = tasks.ToDictionary(t => t.Id);
        var continued = tasks.Where(t => t.ContinuesTaskId is { } c && byId.ContainsKey(c)).Select(t => t.ContinuesTaskId!.Value).ToHashSet();
        var chainOf = new Dictionary<int, int>();
        var pieces = new List<(SummaryTaskRow Latest, List<SummaryTaskRow> Links)>();
        foreach (var latest in tasks.Where(t => !continued.Contains(t.Id)))
        {
            var links = new List<SummaryTaskRow>();
            for (SummaryTaskRow? link = latest; link is not null; link = link.ContinuesTaskId is { } c && byId.TryGetValue(c, out var previous) ? previous : null)
            {
                links.Insert(0, link);
                chainOf[link.Id] = latest.Id;
            }

            pieces.Add((latest, links));
        }

        var resultsByTask = results.ToLookup(r => r.TaskId);
        var counted = pieces.Where(p => p.Latest.Status != TaskStatuses.Cancelled).ToList();
        var taskDtos = counted.ToDictionary(p => p.Latest.Id, p => new SummaryTaskDto(p.Latest.Id, p.Latest.Code, p.Latest.TitleVi, p.Latest.TitleEn, p.Latest.PlanYear,
            p.Latest.Status, p.Links.SelectMany(l => resultsByTask[l.Id]).GroupBy(r => r.Year).ToDictionary(g => g.Key, g => g.Last().Result))
        {
            Of = new("task", p.Latest.Id.ToString(CultureInfo.InvariantCulture), (Clearance)p.Latest.Classification, query.RegulationId),
        });
        var articleDtos = articles.Select(a => new SummaryArticleDto(a.AknId, a.Num, a.HeadingVi, a.HeadingEn, [.. citations
            .Where(c => c.AknId == a.AknId || c.AknId.StartsWith(a.AknId + "__", StringComparison.Ordinal))
            .Where(c => chainOf.ContainsKey(c.TaskId)).Select(c => chainOf[c.TaskId]).Distinct().Where(taskDtos.ContainsKey).Select(id => taskDtos[id])
            .OrderBy(t => t.PlanYear).ThenBy(t => t.Code, StringComparer.Ordinal)]))
            .ToList();

        // Each plan year as its review saw it: the report's tasks and evaluations, through the report's own query and figures.
        var yearData = new List<(int Year, int? ReviewId, List<TaskSummaryRow> Tasks, Dictionary<int, EvaluationRow> Evaluations)>();
        foreach (var year in years)
        {
            var review = reviews.Where(r => r.PeriodYear == year)
                .OrderBy(r => r.Status switch { ReviewStatuses.Concluded => 0, ReviewStatuses.Held => 1, _ => 2 })
                .ThenBy(r => r.Kind == ReviewKinds.Annual ? 0 : 1).ThenBy(r => r.Id)
                .Select(r => (int?)r.Id).FirstOrDefault();
            var scope = (await connection.QueryAsync<TaskSummaryRow>(new CommandDefinition(ReviewsSql.ScopeTasks,
                CallerParameters.For(caller, new { query.RegulationId, PeriodYear = year, ReviewId = review ?? 0 }), cancellationToken: cancellationToken))).AsList();
            var evaluations = review is null ? [] : (await connection.QueryAsync<EvaluationRow>(new CommandDefinition(ReviewsSql.Evaluations,
                CallerParameters.For(caller, new { ReviewId = review.Value }), cancellationToken: cancellationToken))).ToDictionary(e => e.TaskId);
            yearData.Add((year, review, scope, evaluations));
        }

        var byYear = yearData.Select(y => YearOf(y.Year, y.ReviewId, ReviewFigures.Of(y.Tasks, y.Evaluations))).ToList();

        CompletionDto Rate(int year, ReviewFigures f) => new(year, f.Tasks, f.Completed, f.Rate);

        CompletionGroupDto Group(string code, string agency, Func<string, string, bool> leads)
        {
            var total = counted.Where(p => services.Reference.Unit(p.Latest.LeadUnitId) is { } u && leads(u.AgencyCode, u.Code)).ToList();
            var totalDone = total.Count(p => p.Latest.Status == TaskStatuses.Completed);
            return new CompletionGroupDto(code, agency, new CompletionDto(0, total.Count, totalDone, total.Count == 0 ? 0 : Math.Round((double)totalDone / total.Count, 3)),
                [.. yearData.Select(y => Rate(y.Year, ReviewFigures.Of(y.Tasks.Where(t => leads(t.LeadAgencyCode, t.LeadUnitCode)), y.Evaluations)))]);
        }

        var leadUnits = tasks.Select(t => services.Reference.Unit(t.LeadUnitId)!).Select(u => (u.AgencyCode, u.Code))
            .Concat(yearData.SelectMany(y => y.Tasks).Select(t => (AgencyCode: t.LeadAgencyCode, Code: t.LeadUnitCode)))
            .Distinct().OrderBy(u => u.AgencyCode, StringComparer.Ordinal).ThenBy(u => u.Code, StringComparer.Ordinal).ToList();
        var agencies = leadUnits.Select(u => u.AgencyCode).Distinct()
            .Select(a => Group(a, a, (agency, _) => agency == a)).ToList();
        var units = leadUnits.Select(u => Group(u.Code, u.AgencyCode, (_, unit) => unit == u.Code)).ToList();
        return TypedResults.Ok(new PreliminarySummaryDto(query.RegulationId, years, articleDtos, agencies, units, byYear));
    }

    private static SummaryYearDto YearOf(int year, int? reviewId, ReviewFigures f) => new(year, reviewId, f.Tasks, f.Completed, f.Rate, f.Evaluated,
        f.ByResult["achieved"], f.ByResult["partly_achieved"], f.ByResult["not_achieved"], f.ByResult["not_applicable"], f.NotEvaluated);
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

    public int? ContinuesTaskId { get; init; }
}

internal static class SummarySql
{
    /// <summary>The period's visible tasks, their citations, the annual and preliminary reviews' results, the articles in force, and the period's reviews.</summary>
    public static string Data(SqlDialect dialect) => $"""
        SELECT t.id AS {nameof(SummaryTaskRow.Id)}, t.code AS {nameof(SummaryTaskRow.Code)}, t.title_vi AS {nameof(SummaryTaskRow.TitleVi)},
               t.title_en AS {nameof(SummaryTaskRow.TitleEn)}, t.plan_year AS {nameof(SummaryTaskRow.PlanYear)}, t.status AS {nameof(SummaryTaskRow.Status)},
               t.lead_unit_id AS {nameof(SummaryTaskRow.LeadUnitId)}, t.classification AS {nameof(SummaryTaskRow.Classification)},
               t.continues_task_id AS {nameof(SummaryTaskRow.ContinuesTaskId)}
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

        SELECT r.id, r.period_year, r.kind, r.status
        FROM reviews r
        WHERE r.regulation_id = @RegulationId AND r.kind IN ('annual', 'preliminary') AND r.period_year BETWEEN @FromYear AND @ToYear
          AND r.status <> 'cancelled'
        ORDER BY r.period_year, r.id;
        """;
}
