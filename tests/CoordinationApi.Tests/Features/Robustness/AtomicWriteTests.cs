using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>
/// A fault injected in the middle of a multi-statement write, by a trigger on a table the write reaches only after its
/// main row: the request answers a problem, and nothing of it is left — no row, no child row, no audit entry.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AtomicWriteTests(string provider) : ApiTest(provider)
{
    private static readonly string[] Tables =
    [
        "tasks", "task_counterparts", "task_contacts", "task_citations", "task_history", "progress_reports", "search_documents",
        "review_plan_items", "idempotency_keys", "audit_entries",
    ];

    [Test]
    public async Task A_fault_after_the_task_and_its_children_are_written_leaves_no_trace_of_the_task()
    {
        var coordinator = As("mps.coordinator");
        var body = NewTask(title: "Created while the history table fails");
        var before = await CountRows();

        await using (await InjectedFault.Raise(Factory, "task_history"))
        {
            using var failed = await Post(coordinator, "/api/v1/tasks", body, idempotencyKey: "atomic-create");
            await ProblemAssert.IsProblem(failed, HttpStatusCode.InternalServerError);
        }

        Assert.That(await CountRows(), Is.EqualTo(before), "no task, counterpart, contact, citation, history, search, key or audit row");
        await AssertAuditChainHolds();
        // Nothing was remembered under the key: the retry creates the task.
        await Json(await Post(coordinator, "/api/v1/tasks", body, idempotencyKey: "atomic-create"), HttpStatusCode.Created);
    }

    [Test]
    public async Task A_fault_in_the_middle_of_a_progress_report_leaves_neither_the_report_nor_the_new_progress()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(coordinator, id, "assigned"), HttpStatusCode.OK);
        await Json(await Transition(officer, id, "in_progress"), HttpStatusCode.OK);
        var before = await CountRows();

        await using (await InjectedFault.Raise(Factory, "task_history"))
        {
            using var failed = await Report(officer, id, 60);
            await ProblemAssert.IsProblem(failed, HttpStatusCode.InternalServerError);
        }

        Assert.That(await CountRows(), Is.EqualTo(before));
        var task = await GetJson<JsonElement>(officer, $"/api/v1/tasks/{id}");
        Assert.That(task.GetProperty("progress").GetInt32(), Is.Zero, "the progress update before the fault was rolled back");
        await AssertAuditChainHolds();
    }

    [Test]
    public async Task A_fault_while_a_review_adopts_its_plan_leaves_the_review_held_and_no_task_carried_over()
    {
        var coordinator = As("mps.coordinator");
        // An unfinished task of the plan year, so adopting the plan must write a carried-over item.
        await Create(coordinator, NewTask(title: "Unfinished, to be carried over", planYear: 2024), "assigned");
        // A review of 2024 held now (the demo's annual review of 2024 is concluded).
        var review = await CoordinationApi.Tests.Features.Reviews.ReviewApi.HeldReview(coordinator, 1, 2024);
        var id = review.GetProperty("id").GetInt32();
        await EvaluateEveryTask(id);
        var before = await CountRows();

        await using (await InjectedFault.Raise(Factory, "review_plan_items"))
        {
            using var failed = await Post(coordinator, $"/api/v1/reviews/{id}/transitions", new { to = "concluded" });
            await ProblemAssert.IsProblem(failed, HttpStatusCode.InternalServerError);
        }

        Assert.That(await CountRows(), Is.EqualTo(before), "no carried-over task, history, search or audit row");
        var after = await GetJson<JsonElement>(coordinator, $"/api/v1/reviews/{id}");
        Assert.That(after.GetProperty("status").GetString(), Is.EqualTo(review.GetProperty("status").GetString()));
        await AssertAuditChainHolds();

        var concluded = await Json(await Post(coordinator, $"/api/v1/reviews/{id}/transitions", new { to = "concluded" }), HttpStatusCode.OK);
        Assert.That(concluded.GetProperty("status").GetString(), Is.EqualTo("concluded"), "only the injected fault stood in the way");
    }

    [Test]
    public async Task A_unique_violation_that_escapes_a_handler_is_a_409_and_saves_nothing()
    {
        var before = await CountRows();

        // Stands in for a concurrent writer inserting the same key first: the task's counterpart row is inserted twice.
        await using (await InjectedFault.Duplicate(Factory))
        {
            using var failed = await Post(As("mps.coordinator"), "/api/v1/tasks", NewTask(title: "Created while a counterpart row appears twice"));
            var problem = await ProblemAssert.IsProblem(failed, HttpStatusCode.Conflict);
            Assert.That(problem.GetProperty("title").GetString(), Does.Contain("change made meanwhile"));
            Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("Nothing was saved"));
        }

        Assert.That(await CountRows(), Is.EqualTo(before));
        await AssertAuditChainHolds();
    }

    private async Task EvaluateEveryTask(int reviewId)
    {
        var grid = await GetAllPages(As("mps.coordinator"), $"/api/v1/reviews/{reviewId}/evaluations");
        foreach (var entry in grid)
        {
            var task = entry.GetProperty("task");
            // The MIC coordinator is not cleared for top-secret tasks; the MPS coordinator is.
            var evaluator = task.GetProperty("classification").GetString() == "top-secret" ? As("mps.coordinator") : As("mic.coordinator");
            var result = task.GetProperty("status").GetString() is "completed" or "cancelled" ? "achieved" : "partly_achieved";
            await Json(await Put(evaluator, $"/api/v1/reviews/{reviewId}/evaluations/{task.GetProperty("id").GetInt32()}",
                new { result, comment = "Evaluated before the fault" }, entry.GetProperty("etag").GetString()), HttpStatusCode.OK);
        }
    }

    private Task AssertAuditChainHolds() => RobustnessChecks.AuditChainHolds(As("mic.auditor"));

    private Task<Dictionary<string, long>> CountRows() => RobustnessChecks.CountRows(Factory, Tables);

    /// <summary>A trigger that makes every insert into a table fail, dropped on dispose.</summary>
    private sealed class InjectedFault(ApiFactory factory) : IAsyncDisposable
    {
        private const string Name = "injected_fault";

        public static Task<InjectedFault> Raise(ApiFactory factory, string table) => Create(factory, factory.Provider == DatabaseProvider.SqlServer
            ? $"CREATE TRIGGER {Name} ON dbo.{table} AFTER INSERT AS THROW 50000, 'injected fault', 1;"
            : $"CREATE TRIGGER {Name} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'injected fault'); END;");

        /// <summary>After a task's first history row, inserts its counterpart rows again: a primary-key violation.</summary>
        public static Task<InjectedFault> Duplicate(ApiFactory factory) => Create(factory, factory.Provider == DatabaseProvider.SqlServer
            ? $"""
              CREATE TRIGGER {Name} ON dbo.task_history AFTER INSERT AS
              INSERT INTO dbo.task_counterparts (task_id, unit_id)
              SELECT c.task_id, c.unit_id FROM dbo.task_counterparts c JOIN inserted i ON i.task_id = c.task_id;
              """
            : $"""
              CREATE TRIGGER {Name} AFTER INSERT ON task_history BEGIN
                INSERT INTO task_counterparts (task_id, unit_id) SELECT task_id, unit_id FROM task_counterparts WHERE task_id = NEW.task_id;
              END;
              """);

        public async ValueTask DisposeAsync()
        {
            await using var connection = await factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
            await connection.ExecuteAsync($"DROP TRIGGER {Name};");
        }

        private static async Task<InjectedFault> Create(ApiFactory factory, string sql)
        {
            await using var connection = await factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
            await connection.ExecuteAsync(sql);
            return new InjectedFault(factory);
        }
    }
}
