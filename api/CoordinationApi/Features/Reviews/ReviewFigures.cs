using CoordinationApi.Features.Tasks;

namespace CoordinationApi.Features.Reviews;

/// <summary>
/// The figures of a review: of the tasks it saw (<see cref="ReviewsSql.ScopeTasks"/>), cancelled ones aside, how many there
/// were, how many are completed, how many it evaluated and with which result. The review report and the five-year summary's
/// year table both come from here, so a year has one set of figures in every document. A carried-over original counts in
/// its year as a task not completed (it was not).
/// </summary>
internal sealed record ReviewFigures(int Tasks, int Completed, int Evaluated, int Cancelled, IReadOnlyDictionary<string, int> ByResult)
{
    public int NotEvaluated => Tasks - Evaluated;

    public double Rate => Tasks == 0 ? 0 : Math.Round((double)Completed / Tasks, 3);

    public static ReviewFigures Of(IEnumerable<TaskSummaryRow> tasks, IReadOnlyDictionary<int, EvaluationRow> evaluations)
    {
        var all = tasks.ToList();
        var counted = all.Where(t => t.Status != TaskStatuses.Cancelled).ToList();
        var results = counted.Select(t => evaluations.TryGetValue(t.Id, out var e) ? e.Result : null).OfType<string>().ToList();
        return new ReviewFigures(counted.Count, counted.Count(t => t.Status == TaskStatuses.Completed), results.Count, all.Count - counted.Count,
            EvaluationResults.All.ToDictionary(r => r, r => results.Count(x => x == r)));
    }
}
