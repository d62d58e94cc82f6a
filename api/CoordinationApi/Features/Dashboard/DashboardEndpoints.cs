using CoordinationApi.Features.Audit;
using CoordinationApi.Features.RegulationText;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using System.ComponentModel;
using System.Globalization;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Hybrid;

namespace CoordinationApi.Features.Dashboard;

/// <summary>Tasks counted by status (overdue included, derived).</summary>
/// <param name="Total">All tasks.</param>
/// <param name="Draft">Drafts.</param>
/// <param name="Assigned">Assigned, not started.</param>
/// <param name="InProgress">In progress.</param>
/// <param name="Completed">Completed.</param>
/// <param name="Cancelled">Cancelled.</param>
/// <param name="Overdue">Open and past their due date (they are also counted under their status).</param>
public sealed record StatusCountsDto(int Total, int Draft, int Assigned, int InProgress, int Completed, int Cancelled, int Overdue);

/// <summary>The tasks led by one agency.</summary>
/// <param name="AgencyCode">The lead agency.</param>
/// <param name="Counts">Its tasks by status.</param>
public sealed record AgencyCountsDto(string AgencyCode, StatusCountsDto Counts);

/// <summary>How a lead unit's tasks are going.</summary>
/// <param name="UnitCode">The unit.</param>
/// <param name="NameVi">Its name in Vietnamese.</param>
/// <param name="NameEn">Its name in English.</param>
/// <param name="AgencyCode">Its agency.</param>
/// <param name="Tasks">Tasks it leads (cancelled ones aside).</param>
/// <param name="Completed">Of which completed.</param>
/// <param name="AverageProgress">Average percent complete.</param>
public sealed record UnitProgressDto(string UnitCode, string NameVi, string NameEn, string AgencyCode, int Tasks, int Completed, double AverageProgress);

/// <summary>An article of the text in force and how many visible tasks carry it out.</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="AknId">The article's id.</param>
/// <param name="Num">Its number.</param>
/// <param name="HeadingVi">Heading in Vietnamese.</param>
/// <param name="HeadingEn">Heading in English.</param>
/// <param name="Cited">Whether a task cites it or a clause or point under it.</param>
public sealed record ArticleCoverageDto(int RegulationId, string AknId, string Num, string? HeadingVi, string? HeadingEn, bool Cited);

/// <summary>An upcoming review (filled once reviews are scheduled).</summary>
/// <param name="Id">Review id.</param>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Kind">annual, preliminary or extraordinary.</param>
/// <param name="Year">The year it reviews.</param>
/// <param name="HostAgencyCode">The agency hosting it.</param>
/// <param name="ScheduledOn">Its date, once scheduled.</param>
/// <param name="Status">planned, scheduled, held, concluded, postponed or cancelled.</param>
public sealed record DashboardReviewDto(int Id, int RegulationId, [Vocabulary(typeof(ReviewKinds))] string Kind, int Year, string HostAgencyCode, DateOnly? ScheduledOn, [Vocabulary(typeof(ReviewStatuses))] string Status);

/// <summary>The state of the work, as the caller may see it.</summary>
/// <param name="RegulationId">The regulation, or null for all the caller's regulations.</param>
/// <param name="Today">The register's date (Hà Nội).</param>
/// <param name="Counts">All tasks by status.</param>
/// <param name="ByAgency">Tasks by lead agency and status.</param>
/// <param name="Overdue">The most overdue tasks (up to 10).</param>
/// <param name="DueSoon">Open tasks due within 30 days (up to 20).</param>
/// <param name="ProgressByUnit">Progress per lead unit.</param>
/// <param name="Coverage">Articles of the text in force and whether tasks carry them out.</param>
/// <param name="NextReviews">The coming reviews.</param>
public sealed record DashboardDto(
    int? RegulationId, DateOnly Today, StatusCountsDto Counts, List<AgencyCountsDto> ByAgency, List<TaskSummaryDto> Overdue,
    List<TaskSummaryDto> DueSoon, List<UnitProgressDto> ProgressByUnit, List<ArticleCoverageDto> Coverage, List<DashboardReviewDto> NextReviews);

/// <summary>Which regulation and plan year the dashboard is about.</summary>
/// <param name="RegulationId">A regulation; omit for all the caller's regulations.</param>
/// <param name="PlanYear">Only the tasks of this plan year (the task list's <c>planYear</c>); omit for every year.</param>
public sealed record DashboardQuery([property: FromQuery(Name = "regulationId")] int? RegulationId, [property: FromQuery(Name = "planYear")] int? PlanYear);

/// <summary>What the dashboard handler takes from the container.</summary>
public sealed record DashboardServices(DbConnectionFactory Db, ReferenceData Reference, DashboardCache Cache, TimeProvider Clock);

internal sealed class DashboardQueryValidator : AbstractValidator<DashboardQuery>
{
    public DashboardQueryValidator()
    {
        RuleFor(q => q.RegulationId).IsId().When(q => q.RegulationId is not null);
        RuleFor(q => q.PlanYear).InclusiveBetween(2000, 2100).When(q => q.PlanYear is not null);
    }
}

/// <summary>
/// Computed dashboards by agency, clearance, regulation and day, kept in the instance's <see cref="HybridCache"/>
/// (<see cref="Caches"/>) under the database's change marker (<see cref="DataGenerationSql"/>, moved by every audited write
/// of any instance: one single-row read per request), so a dashboard computed before a write on any instance is never
/// served after it. A kept dashboard is refreshed in the background when older than <see cref="MaxAge"/>, or ten times its
/// computing time if longer (for what the marker does not follow); the cache computes it once for all the callers who
/// ask at the same time.
/// </summary>
public sealed class DashboardCache(HybridCache cache, DbConnectionFactory db, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A background refresh may take at most a tenth of the time: a dashboard that takes 3.7 s to compute over a million
    /// tasks is refreshed every 37 s, not every 5 s, where it kept a core busy and slowed every other request.
    /// </summary>
    private const int RefreshShare = 10;

    /// <summary>A dashboard holds up to 30 tasks, the units and the articles in force: tens of kilobytes.</summary>
    private static readonly HybridCacheEntryOptions Entry = Caches.Local(TimeSpan.FromHours(1), 64 * 1024);

    /// <summary>The same entry, computed again without reading the kept one (and kept in its place).</summary>
    private static readonly HybridCacheEntryOptions Refresh = new()
    {
        Expiration = Entry.Expiration,
        LocalCacheExpiration = Entry.LocalCacheExpiration,
        LocalSize = Entry.LocalSize,
        Flags = Entry.Flags | HybridCacheEntryFlags.DisableLocalCacheRead,
    };

    /// <summary>A computed dashboard, when and how fast it was computed (kept and shared as is).</summary>
    [ImmutableObject(true)]
    internal sealed record Kept(DashboardDto Dashboard, DateTimeOffset At, TimeSpan Took);

    /// <summary>When a kept dashboard is due for a background refresh (for changes the marker does not follow).</summary>
    internal static bool IsStale(Kept entry, DateTimeOffset now) =>
        now - entry.At >= (entry.Took * RefreshShare > MaxAge ? entry.Took * RefreshShare : MaxAge);

    /// <summary>The dashboard for <paramref name="key"/> as of the data now, computed by <paramref name="compute"/> when not kept.</summary>
    internal async Task<DashboardDto> GetAsync(
        (int AgencyId, Clearance Clearance, int? RegulationId, int? PlanYear, DateOnly Today) key, Func<CancellationToken, Task<DashboardDto>> compute,
        CancellationToken cancellationToken)
    {
        long changes;
        await using (var connection = await db.OpenReadAsync(cancellationToken))
        {
            changes = await connection.ExecuteScalarAsync<long>(new CommandDefinition(DataGenerationSql.Read, cancellationToken: cancellationToken));
        }

        var name = string.Create(CultureInfo.InvariantCulture,
            $"dashboard:{changes}:{key.AgencyId}:{(int)key.Clearance}:{key.RegulationId}:{key.PlanYear}:{key.Today:yyyy-MM-dd}");
        var kept = await cache.GetOrCreateAsync(name, (compute, clock), ComputeAsync, Entry, cancellationToken: cancellationToken);
        if (IsStale(kept, clock.GetUtcNow()))
        {
            // Not cancelled with the request: the refresh serves the callers after it.
            _ = cache.GetOrCreateAsync(name, (compute, clock), ComputeAsync, Refresh, cancellationToken: CancellationToken.None).AsTask();
        }

        return kept.Dashboard;
    }

    private static async ValueTask<Kept> ComputeAsync(
        (Func<CancellationToken, Task<DashboardDto>> Compute, TimeProvider Clock) state, CancellationToken cancellationToken)
    {
        var started = state.Clock.GetTimestamp();
        var dashboard = await state.Compute(cancellationToken);
        return new Kept(dashboard, state.Clock.GetUtcNow(), state.Clock.GetElapsedTime(started));
    }
}

public static class DashboardEndpoints
{
    public const int DueSoonDays = 30;

    public static RouteGroupBuilder MapDashboard(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/dashboard").WithTags("Dashboard").RequireAccess(Access.TasksRead);
        group.MapGet("/", GetDashboard).WithName(nameof(GetDashboard)).ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    /// <summary>
    /// Counts by status and agency, overdue tasks, tasks due in the next 30 days, progress by unit, article coverage and
    /// the next reviews — all within the caller's scope and clearance, counted over exactly the tasks the list returns.
    /// A regulation that does not exist for the caller is a 404.
    /// </summary>
    public static async Task<Results<Ok<DashboardDto>, ProblemHttpResult>> GetDashboard(
        [AsParameters] DashboardQuery query, Caller caller, [AsParameters] DashboardServices services, CancellationToken cancellationToken)
    {
        // What a dashboard shows depends only on the caller's agency and clearance (DashboardCache: kept per change of the data).
        var (db, reference, clock) = (services.Db, services.Reference, services.Clock);
        if (query.RegulationId is { } regulationId)
        {
            await using var connection = await db.OpenReadAsync(cancellationToken);
            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(DashboardSql.RegulationExists,
                    CallerParameters.For(caller, new { RegulationId = regulationId }), cancellationToken: cancellationToken)) == 0)
            {
                return Problems.NotFound($"No regulation has the id {regulationId}.");
            }
        }

        var key = (caller.AgencyId, caller.Clearance, query.RegulationId, query.PlanYear, clock.Today());
        return TypedResults.Ok(await services.Cache.GetAsync(key, ct => ComputeAsync(query, caller, db, reference, clock, ct), cancellationToken));
    }

    private static async Task<DashboardDto> ComputeAsync(
        DashboardQuery query, Caller caller, DbConnectionFactory db, ReferenceData reference, TimeProvider clock, CancellationToken cancellationToken)
    {
        var today = clock.Today();
        var tasks = new TaskListSql { RegulationId = query.RegulationId, PlanYear = query.PlanYear };
        var parameters = tasks.Parameters(caller, today);
        await using var connection = await db.OpenReadAsync(cancellationToken);

        var tally = (await connection.QueryAsync<TallyRow>(new CommandDefinition(DashboardQueries.Tally(tasks), parameters, cancellationToken: cancellationToken))).AsList();
        var byAgency = tally.GroupBy(c => AgencyCode(reference, c.LeadAgencyId)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AgencyCountsDto(g.Key, Tally(g))).ToList();

        var overdueTasks = tasks with { Overdue = true };
        var overdueParameters = overdueTasks.Parameters(caller, today);
        overdueParameters.Add("Take", 10);
        var (overdue, overdueCounterparts) = await overdueTasks.ReadPageAsync(connection, db.Dialect, TaskSort.Due, false, overdueParameters, cancellationToken);

        var dueSoonTasks = tasks with { Statuses = TaskStatuses.Open, DueFrom = today, DueTo = today.AddDays(DueSoonDays) };
        var dueSoonParameters = dueSoonTasks.Parameters(caller, today);
        dueSoonParameters.Add("Take", 20);
        var (dueSoon, dueSoonCounterparts) = await dueSoonTasks.ReadPageAsync(connection, db.Dialect, TaskSort.Due, false, dueSoonParameters, cancellationToken);

        // Progress per lead unit, cancelled tasks aside.
        var units = tally.Where(r => r.Status != TaskStatuses.Cancelled).GroupBy(r => r.LeadUnitId)
            .Select(g => (Rows: g.ToList(), Unit: reference.Unit(g.Key) ?? throw new InvalidOperationException($"Unit {g.Key} is missing from the reference data.")))
            .OrderBy(u => u.Unit.AgencyCode, StringComparer.Ordinal).ThenBy(u => u.Unit.Code, StringComparer.Ordinal)
            .Select(u =>
            {
                var tasks = u.Rows.Sum(r => r.Tasks);
                return new UnitProgressDto(u.Unit.Code, u.Unit.NameVi, u.Unit.NameEn, u.Unit.AgencyCode, tasks,
                    u.Rows.Where(r => r.Status == TaskStatuses.Completed).Sum(r => r.Tasks), Math.Round((double)u.Rows.Sum(r => r.ProgressSum) / tasks, 1));
            })
            .ToList();

        return new DashboardDto(
            query.RegulationId, today, Tally(tally), byAgency,
            [.. overdue.Select(r => r.ToDto(overdueCounterparts[r.Id], today))],
            [.. dueSoon.Select(r => r.ToDto(dueSoonCounterparts[r.Id], today))],
            units,
            await CoverageAsync(connection, db.Dialect, caller, tasks, today, cancellationToken),
            [.. (await connection.QueryAsync<Reviews.ReviewRow>(new CommandDefinition(Reviews.ReviewsSql.Upcoming(db.Dialect),
                    CallerParameters.For(caller, new { query.RegulationId, Today = today, Until = (DateOnly?)null, FromYear = today.Year, Take = 5 }),
                    cancellationToken: cancellationToken)))
                .Select(r => new DashboardReviewDto(r.Id, r.RegulationId, r.Kind, r.PeriodYear, r.HostAgencyCode, r.ScheduledOn, r.Status))]);
    }

    private static async Task<List<ArticleCoverageDto>> CoverageAsync(
        System.Data.Common.DbConnection connection, SqlDialect dialect, Caller caller, TaskListSql tasks, DateOnly today, CancellationToken cancellationToken)
    {
        var articles = (await connection.QueryAsync<ArticleRow>(new CommandDefinition(DashboardSql.ArticlesInForce(dialect),
            CallerParameters.For(caller, new { tasks.RegulationId, Today = today }), cancellationToken: cancellationToken))).AsList();
        // The coverage endpoint's computation, over the versions in force and the dashboard's tasks.
        var parameters = tasks.Parameters(caller, today);
        parameters.Add("VersionIds", SqlDialect.JsonList(articles.Select(a => a.VersionId).Distinct()));
        var cited = (await connection.QueryAsync<CitedProvision>(new CommandDefinition(ArticleCoverage.CitedProvisions(dialect, tasks),
            parameters, cancellationToken: cancellationToken))).AsList();
        return [.. articles.Select(a => new ArticleCoverageDto(a.RegulationId, a.AknId, a.Num, a.HeadingVi, a.HeadingEn,
            ArticleCoverage.IsCited(a.VersionId, a.AknId, cited)))];
    }

    private static string AgencyCode(ReferenceData reference, int agencyId) =>
        reference.Agency(agencyId)?.Code ?? throw new InvalidOperationException($"Agency {agencyId} is missing from the reference data.");

    private static StatusCountsDto Tally(IEnumerable<TallyRow> rows)
    {
        var list = rows.ToList();
        int Of(string status) => list.Where(r => r.Status == status).Sum(r => r.Tasks);
        return new StatusCountsDto(list.Sum(r => r.Tasks), Of(TaskStatuses.Draft), Of(TaskStatuses.Assigned), Of(TaskStatuses.InProgress),
            Of(TaskStatuses.Completed), Of(TaskStatuses.Cancelled), list.Sum(r => r.Overdue));
    }
}
