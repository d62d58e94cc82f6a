using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using TaskApi = CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Events;

/// <summary>
/// The <c>reminders</c> job on one SQLite file shared by several API hosts: the fixture's own host (jobs off) makes the
/// tasks through HTTP; hosts with the job on come and go on the same file. Each reminder is published once: by the first
/// host that runs the day, never by a restarted one, nor by a second host running at the same moment (its lease made to
/// lapse between rounds, so both really run and only the dedupe keys stand between them and a double reminder).
/// </summary>
public sealed class DueReminderTests() : ApiTest("Sqlite", new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" })
{
    private static readonly string[] ReminderKinds = ["task.due_soon", "task.overdue"];

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    [Test]
    public async Task Each_reminder_is_published_once_across_restarts_and_two_hosts_on_one_database()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var week = await Due(coordinator, 7, "secret");
        var soon = await Due(coordinator, 3);
        var tomorrow = await Due(coordinator, 1);
        var todayDue = await Due(coordinator, 0);
        var late = await Due(coordinator, -2, "confidential");
        var far = await Due(coordinator, 10);
        var done = await Due(coordinator, -2, to: "completed", officer: officer);
        int[] mine = [week.Id, soon.Id, tomorrow.Id, todayDue.Id, late.Id, far.Id, done.Id];
        Assert.That(await Reminders(mine), Is.Empty, "no job has run on this database yet");

        var expected = new List<Expected>
        {
            new(week, "task.due_soon", $"task.due_soon:{week.Id}:{Day(7)}:7", 2, new { taskId = week.Id, taskCode = week.Code, regulationId = 1, dueDate = Day(7), daysLeft = 7 }),
            new(soon, "task.due_soon", $"task.due_soon:{soon.Id}:{Day(3)}:7", 0, new { taskId = soon.Id, taskCode = soon.Code, regulationId = 1, dueDate = Day(3), daysLeft = 3 }),
            new(tomorrow, "task.due_soon", $"task.due_soon:{tomorrow.Id}:{Day(1)}:1", 0, new { taskId = tomorrow.Id, taskCode = tomorrow.Code, regulationId = 1, dueDate = Day(1), daysLeft = 1 }),
            new(todayDue, "task.due_soon", $"task.due_soon:{todayDue.Id}:{Day(0)}:1", 0, new { taskId = todayDue.Id, taskCode = todayDue.Code, regulationId = 1, dueDate = Day(0), daysLeft = 0 }),
            new(late, "task.overdue", $"task.overdue:{late.Id}:{Day(-2)}", 1, new { taskId = late.Id, taskCode = late.Code, regulationId = 1, dueDate = Day(-2), daysOverdue = 2 }),
        };

        // The first host with the job runs the day at start.
        using (var first = Host())
        {
            await RunOfTheDay(first);
            AssertExactly(await Reminders(mine), expected);
        }

        // Restarted: it runs the day again and finds every reminder recorded.
        using (var restarted = Host())
        {
            var run = await RunOfTheDay(restarted);
            Assert.That(run, Does.Contain(" 0 published"), run);
            AssertExactly(await Reminders(mine), expected);
        }

        // A due date moved is a new reminder (the old one stays: it was true when sent), and new tasks appear; two hosts start
        // together and both run the day, with a lease that lapses between their rounds: still each reminder once.
        var read = await coordinator.GetAsync(new Uri($"/api/v1/tasks/{far.Id}", UriKind.Relative));
        var task = await TaskApi.Json(read, HttpStatusCode.OK);
        var etag = read.Headers.ETag!.ToString();
        var moved = TaskApi.Edit(TaskApi.NewTask(start: Day(-30), due: Day(1), planYear: Today.AddDays(1).Year));
        moved["titleEn"] = task.GetProperty("titleEn").GetString();
        moved["titleVi"] = task.GetProperty("titleVi").GetString();
        await TaskApi.Json(await TaskApi.Put(coordinator, $"/api/v1/tasks/{far.Id}", moved, etag), HttpStatusCode.OK);
        var later = await Due(coordinator, -5);
        expected.Add(new(far, "task.due_soon", $"task.due_soon:{far.Id}:{Day(1)}:1", 0, new { taskId = far.Id, taskCode = far.Code, regulationId = 1, dueDate = Day(1), daysLeft = 1 }));
        expected.Add(new(later, "task.overdue", $"task.overdue:{later.Id}:{Day(-5)}", 0, new { taskId = later.Id, taskCode = later.Code, regulationId = 1, dueDate = Day(-5), daysOverdue = 5 }));
        mine = [.. mine, later.Id];

        var lapsing = new Dictionary<string, string?> { ["Outbox:LeaseSeconds"] = "0.01" };
        using var a = Host(lapsing);
        using var b = Host(lapsing);
        var runs = await Task.WhenAll(RunOfTheDay(a), RunOfTheDay(b));
        AssertExactly(await Reminders(mine), expected);
        var published = runs.Select(r => int.Parse(r.Split(" published")[0].Split(' ')[^1], CultureInfo.InvariantCulture)).ToList();
        Assert.That(published.Sum(), Is.EqualTo(2), $"the two new reminders, published by one of them only: {string.Join(" | ", runs)}");
        Assert.That(await Scalar("SELECT COUNT(*) FROM events WHERE kind IN ('task.due_soon', 'task.overdue')"),
            Is.EqualTo(await Scalar("SELECT COUNT(DISTINCT dedupe_key) FROM events WHERE kind IN ('task.due_soon', 'task.overdue')")), "the demo's reminders once each too");
        Assert.That(a.Logs.Records.Concat(b.Logs.Records).Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && r.Category.Contains("DueReminders", StringComparison.Ordinal)),
            Is.Empty, "neither host failed a round");
    }

    [Test]
    public void The_thresholds_setting_is_whole_days_nearest_first()
    {
        Assert.That(CoordinationApi.Features.Tasks.DueReminders.ParseDays("7,1"), Is.EqualTo(new[] { 1, 7 }));
        Assert.That(CoordinationApi.Features.Tasks.DueReminders.ParseDays(" 14, 3 ,3"), Is.EqualTo(new[] { 3, 14 }));
        Assert.That(CoordinationApi.Features.Tasks.DueReminders.ParseDays(""), Is.Empty);
        foreach (var bad in new[] { "0", "-1", "7,x", "400", "1.5" })
        {
            Assert.Throws<InvalidOperationException>(() => CoordinationApi.Features.Tasks.DueReminders.ParseDays(bad), bad);
        }
    }

    private sealed record Made(int Id, string Code);

    private sealed record Expected(Made Task, string Kind, string DedupeKey, int Classification, object Payload);

    private sealed record ReminderRow
    {
        public string Kind { get; init; } = "";

        public int TaskId { get; init; }

        public string DedupeKey { get; init; } = "";

        public int Classification { get; init; }

        public string SubjectCode { get; init; } = "";

        public string PayloadJson { get; init; } = "";
    }

    private static string Day(int offset) => Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An assigned task (or walked further) of the demo regulation due <paramref name="days"/> from the register's today.</summary>
    private static async Task<Made> Due(HttpClient coordinator, int days, string classification = "unclassified", string to = "assigned", HttpClient? officer = null)
    {
        var due = Today.AddDays(days);
        var body = TaskApi.NewTask(title: $"Reminded task due {days}", classification: classification, planYear: due.Year, start: Day(days - 30), due: Day(days));
        var id = await TaskApi.Create(coordinator, body, to, officer);
        var task = await TaskApi.Json(await coordinator.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative)), HttpStatusCode.OK);
        return new Made(id, task.GetProperty("code").GetString()!);
    }

    /// <summary>Another host on this fixture's database, with the jobs on and polling fast.</summary>
    private ApiFactory Host(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Coordination"] = Factory.ConnectionString,
            ["Outbox:Enabled"] = "true",
            ["Outbox:PollSeconds"] = "0.2",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        var host = new ApiFactory(overrides: settings);
        _ = host.Services;
        return host;
    }

    /// <summary>Waits for the host's job to finish the day's run, and answers its log line.</summary>
    private static async Task<string> RunOfTheDay(ApiFactory host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (host.Logs.Records.FirstOrDefault(r => r.Text.StartsWith("Reminders of ", StringComparison.Ordinal)) is { } run)
            {
                return run.Text;
            }

            await System.Threading.Tasks.Task.Delay(100);
        }

        throw new AssertionException("the reminders job did not finish a run within a minute:\n" +
            string.Join("\n", host.Logs.Records.Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Text)));
    }

    private async Task<List<ReminderRow>> Reminders(int[] taskIds)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<ReminderRow>("""
            SELECT kind AS Kind, task_id AS TaskId, dedupe_key AS DedupeKey, classification AS Classification, subject_code AS SubjectCode,
                   payload_json AS PayloadJson
            FROM events WHERE kind IN @ReminderKinds AND task_id IN @taskIds ORDER BY id
            """, new { ReminderKinds, taskIds })).AsList();
    }

    private static void AssertExactly(List<ReminderRow> rows, List<Expected> expected)
    {
        Assert.That(rows.Select(r => r.DedupeKey), Is.EquivalentTo(expected.Select(e => e.DedupeKey)), "each reminder once, nothing else");
        foreach (var e in expected)
        {
            var row = rows.Single(r => r.DedupeKey == e.DedupeKey);
            Assert.That((row.Kind, row.TaskId, row.Classification, row.SubjectCode), Is.EqualTo((e.Kind, e.Task.Id, e.Classification, e.Task.Code)), e.DedupeKey);
            Assert.That(JsonNode.DeepEquals(JsonNode.Parse(row.PayloadJson), JsonSerializer.SerializeToNode(e.Payload, JsonSerializerOptions.Web)), Is.True,
                $"{row.PayloadJson} is not {JsonSerializer.Serialize(e.Payload, JsonSerializerOptions.Web)}");
        }
    }
}
