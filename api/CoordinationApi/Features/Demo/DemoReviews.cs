using System.Globalization;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Demo;

/// <summary>
/// The demo's review schedule, generated from the policy (annual reviews 2022–2026 hosted in turn from MPS — the signing
/// report does not say who hosts first, so the demo chooses MPS — and the preliminary review in 2026), with the state it
/// would have today: 2022–2025 held, then (<see cref="ConcludeHistoryAsync"/>) evaluated and concluded in order; 2026
/// scheduled for December. The recognitions of the signing.
/// </summary>
internal static class DemoReviews
{
    public static async Task SeedAsync(WriteScope write, DemoSeedFile seed, DateTimeOffset now)
    {
        var (connection, transaction) = write;
        var regulationId = await connection.ExecuteScalarAsync<int>(DemoSql.RegulationId, new { seed.Regulation.Code }, transaction);
        var firstParty = seed.Regulation.Parties[0].Agency;
        var agencyId = await connection.ExecuteScalarAsync<int>(DemoSql.AgencyId, new { Code = firstParty }, transaction);
        var seeder = new Caller
        {
            Kind = CallerKind.System, Id = "system", Name = "system", DisplayName = "system", AgencyId = agencyId, AgencyCode = firstParty,
            Roles = new HashSet<string>(), Scopes = new HashSet<string>(), Clearance = Clearance.TopSecret,
        };
        await ReviewSchedule.GenerateAsync(write, seeder, regulationId, now);

        var hosts = (await connection.QueryAsync<(string Kind, int Year, string HostCode)>(DemoSql.ReviewHosts, new { RegulationId = regulationId }, transaction))
            .ToDictionary(h => (h.Kind, h.Year), h => h.HostCode);
        foreach (var ((kind, year), host) in hosts)
        {
            var held = year < 2026;
            await connection.ExecuteAsync(DemoSql.StageReview, new
            {
                RegulationId = regulationId, Kind = kind, Year = year,
                Status = held ? ReviewStatuses.Held : ReviewStatuses.Scheduled,
                ScheduledOn = held ? new DateOnly(year, 11, 24) : new DateOnly(2026, 12, 15),
                Venue = host == "MPS" ? "Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội" : "Trụ sở Bộ Thông tin và Truyền thông, 18 Nguyễn Du, Hà Nội",
                Chairs = "Lãnh đạo Bộ Công an và Bộ Thông tin và Truyền thông (minh họa / illustrative)",
                Attendees = held ? "Văn phòng hai Bộ và các đơn vị chủ trì nhiệm vụ (minh họa / illustrative)" : null,
                Minutes = held ? $"Biên bản minh họa: hai Bộ đánh giá kết quả phối hợp năm {year} và thống nhất kế hoạch năm {year + 1}. (Illustrative minutes, not an official record.)" : null,
                Now = now,
            }, transaction);
        }

        await connection.ExecuteAsync(DemoSql.InsertRecognition, seed.Recognitions.Select(r => new
        {
            r.AwardVi, r.AwardEn, r.AwardingAgency, r.Recipient, r.AwardedOn, r.OccasionVi, r.OccasionEn, RegulationCode = seed.Regulation.Code, Now = now,
        }), transaction);
    }

    /// <summary>The years whose reviews the demo shows held and concluded: a five-year history up to the review of 2026.</summary>
    public const int FirstConcludedYear = 2022, LastConcludedYear = 2025;

    /// <summary>
    /// Runs each held review of 2022–2025, oldest first, through the product's own handlers, as a coordinator would: every
    /// task of its scope evaluated (<see cref="ReviewsEndpoints.EvaluateTask"/>), then the conclusion
    /// (<see cref="ReviewsEndpoints.TransitionReview"/>), which carries the unfinished work over into the next plan year and
    /// adopts that plan, so a later review takes up what an earlier one left open. Each step is its own write, stamped on
    /// the day of the review (never later than now). A review already concluded is left as it is.
    /// </summary>
    /// <returns>Whether any review was concluded (on the first start; later starts find them concluded).</returns>
    public static async Task<bool> ConcludeHistoryAsync(
        DbConnectionFactory db, AuditTrail audit, OutboxSignal outbox, ReferenceData reference, Cursors cursors, TimeProvider clock, DemoSeedFile seed, CancellationToken cancellationToken)
    {
        List<DemoReviewRow> reviews;
        Dictionary<string, Caller> coordinators;
        int regulationId;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            regulationId = await connection.ExecuteScalarAsync<int>(DemoSql.RegulationId, new { seed.Regulation.Code });
            reviews = (await connection.QueryAsync<DemoReviewRow>(DemoSql.AnnualReviews,
                new { RegulationId = regulationId, From = FirstConcludedYear, To = LastConcludedYear })).AsList();
            coordinators = [];
            foreach (var party in seed.Regulation.Parties)
            {
                var row = await connection.QuerySingleAsync<DemoCoordinatorRow>(DemoSql.Coordinator, new { Username = $"{party.Agency.ToLowerInvariant()}.{Roles.Coordinator}" });
                coordinators[party.Agency] = new Caller
                {
                    Kind = CallerKind.User, Id = row.Id.ToString(CultureInfo.InvariantCulture), Name = row.Username, DisplayName = row.DisplayName,
                    AgencyId = row.AgencyId, AgencyCode = row.AgencyCode, UnitId = row.UnitId, UnitCode = row.UnitCode,
                    Roles = new HashSet<string> { Roles.Coordinator }, Scopes = new HashSet<string>(), Clearance = (Clearance)row.Clearance,
                };
            }
        }

        var concludedAny = false;
        foreach (var review in reviews.Where(r => r.Status == ReviewStatuses.Held))
        {
            concludedAny = true;
            var meeting = new DateTimeOffset(review.ScheduledOn.ToDateTime(new TimeOnly(9, 0)), RegisterCalendar.Offset);
            var host = coordinators[review.HostCode];
            await EvaluateAsync(db, new WriteScopes(db, audit, new StoppedClock(Earlier(meeting.AddHours(1), clock.GetUtcNow())), outbox), regulationId, review, host, coordinators, cancellationToken);
            var services = new ReviewServices(db, new WriteScopes(db, audit, new StoppedClock(Earlier(meeting.AddHours(7), clock.GetUtcNow())), outbox), reference, cursors, clock);
            var concluded = await ReviewsEndpoints.TransitionReview(review.Id,
                new ReviewTransitionRequest(ReviewStatuses.Concluded, null, null, null, null, null, null, []), host, services, cancellationToken);
            if (concluded.Result is not Ok<ReviewDto>)
            {
                throw new InvalidOperationException($"The demo review of {review.Year} could not be concluded: {Describe(concluded.Result)}");
            }
        }

        return concludedAny;
    }

    /// <summary>Records a plausible result for every task of the review's scope not evaluated yet, by a coordinator of its lead agency.</summary>
    private static async Task EvaluateAsync(DbConnectionFactory db, WriteScopes writes, int regulationId, DemoReviewRow review, Caller host,
        Dictionary<string, Caller> coordinators, CancellationToken cancellationToken)
    {
        List<DemoTaskFacts> tasks;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var scope = (await connection.QueryAsync<PeriodTaskRow>(ReviewsSql.PeriodTasks,
                new { RegulationId = regulationId, PeriodYear = review.Year, ReviewId = review.Id })).Select(t => t.Id).ToList();
            var evaluated = (await connection.QueryAsync<int>(DemoSql.EvaluatedTasks, new { ReviewId = review.Id })).ToHashSet();
            var pending = scope.Where(id => !evaluated.Contains(id)).ToList();
            tasks = pending.Count == 0 ? [] : (await connection.QueryAsync<DemoTaskFacts>(DemoSql.TaskFacts(db.Dialect), new { Ids = SqlDialect.JsonList(pending) })).AsList();
        }

        foreach (var task in tasks)
        {
            var evaluator = new[] { coordinators.GetValueOrDefault(task.LeadAgencyCode), host }.Concat(coordinators.Values)
                .First(c => c is not null && (int)c.Clearance >= task.Classification)!;
            var evaluated = await ReviewsEndpoints.RecordEvaluationAsync(review.Id, task.Id, Evaluation(task, review.Year), evaluator, IfMatch.Any, writes, cancellationToken);
            if (evaluated.Result is not Ok<EvaluationDto>)
            {
                throw new InvalidOperationException($"A task of the demo review of {review.Year} could not be evaluated: {Describe(evaluated.Result)}");
            }
        }
    }

    /// <summary>What the two Offices would plausibly have written: from the task's outcome and progress, in both languages.</summary>
    internal static EvaluationRequest Evaluation(DemoTaskFacts task, int year)
    {
        var next = year + 1;
        if (task.Status == TaskStatuses.Cancelled)
        {
            return new("not_applicable", "Dừng thực hiện theo thống nhất của Văn phòng hai Bộ; nội dung được lồng ghép vào nhiệm vụ khác. (Stopped by agreement of the two Offices; its content was folded into other tasks.)");
        }

        if (task.Status == TaskStatuses.Completed)
        {
            if (task.CompletedAt is { } done && DateOnly.FromDateTime(done.ToOffset(RegisterCalendar.Offset).DateTime) > task.DueDate)
            {
                return new("achieved", "Hoàn thành nhưng chậm so với kế hoạch; cần chủ động hơn trong khâu chuẩn bị. (Completed, but later than planned; preparation should start earlier.)");
            }

            string[] notes =
            [
                "Hoàn thành đúng tiến độ, đạt yêu cầu đề ra. (Completed on schedule and to the standard set.)",
                "Hai đơn vị phối hợp chặt chẽ, kịp thời; kết quả được lãnh đạo hai Bộ ghi nhận. (The two units worked closely and in time; the leaders of both Ministries commended the result.)",
                "Hoàn thành toàn bộ nội dung theo kế hoạch; đề nghị duy trì cách làm này. (Every planned item delivered; the way of working should be kept.)",
            ];
            return new("achieved", notes[task.Seq % notes.Length]);
        }

        if (task.ContinuesTaskId is not null)
        {
            // Work carried over that reported no progress during the year: it is still where it was a year ago.
            return new("not_achieved", $"Nhiệm vụ chuyển tiếp từ năm trước nhưng không có tiến triển trong năm (vẫn ở mức {task.Progress}%); hai Văn phòng đôn đốc thực hiện trong năm {next}. (Carried over from the year before but no progress during the year (still {task.Progress}%); the two Offices will follow it up in {next}.)");
        }

        return task.Progress >= 50
            ? new("partly_achieved", $"Đạt {task.Progress}% khối lượng công việc; phần còn lại chuyển sang kế hoạch năm {next}. ({task.Progress}% of the work done; the rest is carried over into the plan of {next}.)")
            : new("not_achieved", $"Chậm tiến độ ({task.Progress}%) do vướng mắc về cơ chế phối hợp; chuyển sang kế hoạch năm {next}. (Behind schedule ({task.Progress}%) because of coordination difficulties; carried over into the plan of {next}.)");
    }

    private static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string Describe(IResult result) => result is ProblemHttpResult problem
        ? $"{problem.ProblemDetails.Status} {problem.ProblemDetails.Title} {problem.ProblemDetails.Detail}"
        : result.GetType().Name;

    /// <summary>The clock a step of the demo's history is written with: the day it happened.</summary>
    private sealed class StoppedClock(DateTimeOffset at) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => at.ToUniversalTime();
    }
}

internal sealed record DemoReviewRow
{
    public int Id { get; init; }

    public int Year { get; init; }

    public string Status { get; init; } = "";

    public DateOnly ScheduledOn { get; init; }

    public string HostCode { get; init; } = "";
}

internal sealed record DemoCoordinatorRow
{
    public int Id { get; init; }

    public string Username { get; init; } = "";

    public string DisplayName { get; init; } = "";

    public int AgencyId { get; init; }

    public string AgencyCode { get; init; } = "";

    public int? UnitId { get; init; }

    public string? UnitCode { get; init; }

    public int Clearance { get; init; }
}

internal sealed record DemoTaskFacts
{
    public int Id { get; init; }

    public int Seq { get; init; }

    public string Status { get; init; } = "";

    public int Progress { get; init; }

    public DateOnly DueDate { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public int Classification { get; init; }

    public string LeadAgencyCode { get; init; } = "";

    public int? ContinuesTaskId { get; init; }
}
