using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Reviews;

/// <summary>
/// The schedule a review policy implies: one annual review for each year after signature up to the preliminary
/// review, hosted in turn by the parties starting with the first host, and the preliminary review N years after
/// signature (hosted by that year's host). Generating again adds what is missing, moves the host of a review that
/// is still only planned when the policy changed, and never touches a review that has gone further.
/// </summary>
internal static class ReviewSchedule
{
    public sealed record Result(int Created, int Updated, int Unchanged);

    public static async Task<Result?> GenerateAsync(WriteScope write, Caller caller, int regulationId, DateTimeOffset now)
    {
        var (connection, transaction, dialect) = (ReadScope)write;
        using var policyResults = await connection.QueryMultipleAsync(ReviewsSql.Policy, CallerParameters.For(caller, new { RegulationId = regulationId }), transaction);
        var policy = await policyResults.ReadSingleOrDefaultAsync<PolicyRow>();
        if (policy is null)
        {
            return null;
        }

        var parties = (await policyResults.ReadAsync<int>()).AsList();
        var existing = (await connection.QueryAsync<ScheduledRow>(ReviewsSql.Scheduled, new { RegulationId = regulationId }, transaction))
            .ToDictionary(r => (r.Kind, r.PeriodYear));
        int created = 0, updated = 0, unchanged = 0;
        var ids = new Dictionary<(string, int), int>();
        foreach (var (kind, year, host) in Expected(policy, parties))
        {
            if (existing.TryGetValue((kind, year), out var review))
            {
                ids[(kind, year)] = review.Id;
                if (review.Status == ReviewStatuses.Planned && review.HostAgencyId != host)
                {
                    updated += await connection.ExecuteAsync(ReviewsSql.SetHost, new { review.Id, HostAgencyId = host, Now = now }, transaction);
                }
                else
                {
                    unchanged++;
                }

                continue;
            }

            ids[(kind, year)] = await connection.ExecuteScalarAsync<int>(ReviewsSql.Insert(dialect), new
            {
                RegulationId = regulationId, Kind = kind, PeriodYear = year, HostAgencyId = host, PlannedMonth = policy.ReviewMonth,
                ScheduledOn = (DateOnly?)null, Venue = (string?)null, Reason = (string?)null, BaselineReviewId = (int?)null, IsGenerated = true, Now = now,
            }, transaction);
            await ReviewEvents.ScheduledAsync(write, ids[(kind, year)]);
            created++;
        }

        // Each annual review starts from the previous one's results; the preliminary review from that year's annual review.
        foreach (var ((kind, year), id) in ids)
        {
            var baseline = kind == ReviewKinds.Annual ? ids.GetValueOrDefault((ReviewKinds.Annual, year - 1)) : ids.GetValueOrDefault((ReviewKinds.Annual, year));
            if (baseline != 0)
            {
                await connection.ExecuteAsync(ReviewsSql.SetBaseline, new { Id = id, BaselineReviewId = baseline, Now = now }, transaction);
            }
        }

        return new Result(created, updated, unchanged);
    }

    internal static IEnumerable<(string Kind, int Year, int HostAgencyId)> Expected(PolicyRow policy, List<int> parties)
    {
        var first = Math.Max(0, parties.IndexOf(policy.FirstHostAgencyId));
        var lastYear = policy.SignedOn.Year + policy.PreliminaryAfterYears;
        for (var year = policy.SignedOn.Year + 1; year <= lastYear; year++)
        {
            var turn = policy.AnnualRotating ? year - (policy.SignedOn.Year + 1) : 0;
            var host = parties[(first + turn) % parties.Count];
            yield return (ReviewKinds.Annual, year, host);
            if (year == lastYear)
            {
                yield return (ReviewKinds.Preliminary, year, host);
            }
        }
    }
}

public static class ReviewKinds
{
    public const string Annual = "annual";
    public const string Preliminary = "preliminary";
    public const string Extraordinary = "extraordinary";

    [VocabularyName("ReviewKind")]
    public static readonly string[] All = [Annual, Preliminary, Extraordinary];
}

public static class ReviewStatuses
{
    public const string Planned = "planned";
    public const string Scheduled = "scheduled";
    public const string Held = "held";
    public const string Concluded = "concluded";
    public const string Postponed = "postponed";
    public const string Cancelled = "cancelled";

    [VocabularyName("ReviewStatus")]
    public static readonly string[] All = [Planned, Scheduled, Held, Concluded, Postponed, Cancelled];

    private static readonly Dictionary<string, string[]> Moves = new()
    {
        [Planned] = [Scheduled, Postponed, Cancelled],
        [Scheduled] = [Held, Postponed, Cancelled],
        [Postponed] = [Scheduled, Cancelled],
        [Held] = [Concluded],
        [Concluded] = [],
        [Cancelled] = [],
    };

    public static IReadOnlyList<string> MovesFrom(string status) => Moves.GetValueOrDefault(status, []);

    /// <summary>Evaluations are recorded until the review is concluded or cancelled.</summary>
    public static bool Evaluable(string status) => status is Planned or Scheduled or Held or Postponed;
}

/// <summary>Where an item of a review's plan comes from.</summary>
public static class PlanOrigins
{
    public const string CarriedOver = "carried_over";
    public const string New = "new";
    public const string Occurrence = "occurrence";

    [VocabularyName("PlanOrigin")]
    public static readonly string[] All = [CarriedOver, New, Occurrence];
}

public static class EvaluationResults
{
    [VocabularyName("EvaluationResult")]
    public static readonly string[] All = ["achieved", "partly_achieved", "not_achieved", "not_applicable"];
}
