using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.MyWork;

/// <summary>
/// "My work" (GET /api/v1/me/work) agrees, for every demo user, with what the task list and the review evaluation grids show
/// that user: their unit's open tasks and their role in each, the due and overdue counts, and what awaits their evaluation.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class MyWorkTests(string provider) : ApiTest(provider)
{
    private static readonly string[] DemoUsers =
    [
        "mps.admin", "mps.coordinator", "mps.officer", "mps.viewer", "mps.auditor", "mps.registry_admin",
        "mic.admin", "mic.coordinator", "mic.officer", "mic.viewer", "mic.auditor", "mic.registry_admin",
    ];

    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
    private readonly string marker = Marker("work");
    private int overdueTask;
    private int dueSoonTask;
    private int secretTask;
    private int officeTask;
    private int draftTask;
    private int completedTask;
    private int reviewId;

    /// <summary>Tasks of both agencies' units in every state that matters, and a scheduled review of this year to evaluate them.</summary>
    [OneTimeSetUp]
    public async Task CreateWork()
    {
        var mps = As("mps.coordinator");
        var mic = As("mic.coordinator");
        var year = Today.Year;
        object Task(string title, string classification, DateOnly due, string lead = "MPS-A05", string[]? counterparts = null) =>
            NewTask(title: $"{title} {marker}", lead: lead, counterparts: counterparts, classification: classification, planYear: year,
                start: $"{due.AddDays(-60):yyyy-MM-dd}", due: $"{due:yyyy-MM-dd}");

        overdueTask = await Create(mps, Task("Overdue", "unclassified", Today.AddDays(-5)), "in_progress", As("mps.officer"));
        dueSoonTask = await Create(mic, Task("Due soon", "confidential", Today.AddDays(3), "MIC-ATTT", ["MPS-A05"]), "assigned");
        secretTask = await Create(mps, Task("Secret", "secret", Today.AddDays(60)), "assigned");
        officeTask = await Create(mic, Task("Office", "unclassified", Today.AddDays(20), "MIC-VP", ["MPS-VP"]), "assigned");
        draftTask = await Create(mps, Task("Draft", "unclassified", Today.AddDays(4)));
        completedTask = await Create(mps, Task("Completed", "unclassified", Today.AddDays(4)), "completed", As("mps.officer"));
        // An extraordinary review of this year, scheduled: its tasks await their evaluation.
        var on = $"{Today.AddDays(5):yyyy-MM-dd}";
        reviewId = (await Json(await Post(mps, "/api/v1/reviews", new
        {
            regulationId = 1, periodYear = year, hostAgencyCode = "MPS", scheduledOn = on, venue = "Hà Nội", reason = marker,
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Post(mps, $"/api/v1/reviews/{reviewId}/transitions", new { to = "scheduled", scheduledOn = on, venue = "Hà Nội", chairs = "Both Offices" }),
            HttpStatusCode.OK);
    }

    [TestCaseSource(nameof(DemoUsers))]
    public async Task My_work_lists_exactly_my_units_open_tasks_as_the_task_list_shows_them(string user)
    {
        var client = As(user);
        var unit = (await GetJson<JsonElement>(client, "/api/v1/auth/me")).GetProperty("unitCode").GetString();
        var work = await GetJson<JsonElement>(client, "/api/v1/me/work");
        var listed = work.GetProperty("tasks").EnumerateArray().ToList();

        var expected = new Dictionary<int, JsonElement>();
        foreach (var filter in new[] { $"leadUnit={unit}", $"counterpartUnit={unit}" })
        {
            foreach (var task in await GetAllPages(client, $"/api/v1/tasks?{filter}&status=assigned&status=in_progress&limit=200"))
            {
                expected[task.GetProperty("id").GetInt32()] = task;
            }
        }

        Assert.That(expected, Has.Count.LessThan(200), "the answer lists them all (at most 200)");
        Assert.That(listed.Select(t => t.GetProperty("id").GetInt32()), Is.EquivalentTo(expected.Keys), user);
        Assert.That(listed.Select(t => t.GetProperty("dueDate").GetString()), Is.Ordered, "by due date");
        Assert.Multiple(() =>
        {
            foreach (var task in listed)
            {
                var row = expected[task.GetProperty("id").GetInt32()];
                var due = DateOnly.Parse(task.GetProperty("dueDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(task.GetProperty("code").GetString(), Is.EqualTo(row.GetProperty("code").GetString()));
                Assert.That(task.GetProperty("status").GetString(), Is.EqualTo(row.GetProperty("status").GetString()));
                Assert.That(task.GetProperty("progress").GetInt32(), Is.EqualTo(row.GetProperty("progress").GetInt32()));
                Assert.That(task.GetProperty("role").GetString(), Is.EqualTo(row.GetProperty("leadUnitCode").GetString() == unit ? "lead" : "counterpart"));
                Assert.That(task.GetProperty("dueState").GetString(),
                    Is.EqualTo(row.GetProperty("overdue").GetBoolean() ? "overdue" : due <= Today.AddDays(7) ? "due_soon" : "on_track"));
            }

            Assert.That(work.GetProperty("overdue").GetInt32(), Is.EqualTo(listed.Count(t => t.GetProperty("dueState").GetString() == "overdue")));
            Assert.That(work.GetProperty("dueSoon").GetInt32(), Is.EqualTo(listed.Count(t => t.GetProperty("dueState").GetString() == "due_soon")));
        });
    }

    [TestCaseSource(nameof(DemoUsers))]
    public async Task What_awaits_my_evaluation_is_what_the_evaluation_grids_leave_open(string user)
    {
        var client = As(user);
        var me = await GetJson<JsonElement>(client, "/api/v1/auth/me");
        var unit = me.GetProperty("unitCode").GetString();
        var agency = me.GetProperty("agencyCode").GetString();
        var coordinator = me.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "coordinator");
        var work = await GetJson<JsonElement>(client, "/api/v1/me/work");

        var expected = new List<(int, int)>();
        foreach (var review in await GetAllPages(client, "/api/v1/reviews?limit=200"))
        {
            if (review.GetProperty("status").GetString() is not ("scheduled" or "held"))
            {
                continue;
            }

            var id = review.GetProperty("id").GetInt32();
            expected.AddRange((await GetAllPages(client, $"/api/v1/reviews/{id}/evaluations?limit=200"))
                .Where(e => e.GetProperty("result").ValueKind == JsonValueKind.Null)
                .Select(e => e.GetProperty("task"))
                .Where(t => coordinator ? t.GetProperty("leadAgencyCode").GetString() == agency : t.GetProperty("leadUnitCode").GetString() == unit)
                .Select(t => (id, t.GetProperty("id").GetInt32())));
        }

        var awaiting = work.GetProperty("awaitingEvaluation").EnumerateArray()
            .Select(a => (a.GetProperty("reviewId").GetInt32(), a.GetProperty("taskId").GetInt32())).ToList();
        Assert.That(awaiting, Is.EquivalentTo(expected), user);
        if (user is "mps.coordinator" or "mps.officer" or "mic.coordinator")
        {
            Assert.That(awaiting, Is.Not.Empty, $"{user}: the scheduled review of this year has tasks of theirs to evaluate");
        }
    }

    [Test]
    public async Task Each_unit_sees_its_role_and_nobody_sees_a_task_above_their_clearance()
    {
        var mpsOfficer = await Tasks("mps.officer");
        var micOfficer = await Tasks("mic.officer");
        var mpsCoordinator = await Tasks("mps.coordinator");
        var micViewer = await Tasks("mic.viewer");
        Assert.Multiple(() =>
        {
            Assert.That(mpsOfficer[overdueTask], Is.EqualTo(("lead", "overdue")));
            Assert.That(mpsOfficer[dueSoonTask], Is.EqualTo(("counterpart", "due_soon")));
            Assert.That(mpsOfficer[secretTask], Is.EqualTo(("lead", "on_track")), "mps.officer is cleared for secret");
            Assert.That(micOfficer[overdueTask], Is.EqualTo(("counterpart", "overdue")));
            Assert.That(micOfficer[dueSoonTask], Is.EqualTo(("lead", "due_soon")));
            Assert.That(micOfficer.ContainsKey(secretTask), Is.False, "mic.officer is cleared for confidential only");
            Assert.That(mpsCoordinator[officeTask], Is.EqualTo(("counterpart", "on_track")));
            Assert.That(micViewer[officeTask], Is.EqualTo(("lead", "on_track")));
            foreach (var work in new[] { mpsOfficer, micOfficer, mpsCoordinator, micViewer })
            {
                Assert.That(work.Keys, Has.No.Member(draftTask).And.No.Member(completedTask), "drafts and closed tasks are nobody's work");
            }
        });
    }

    [Test]
    public async Task An_evaluated_task_no_longer_awaits_evaluation()
    {
        var coordinator = As("mic.coordinator");
        Assert.That(await Awaiting("mic.coordinator"), Does.Contain((reviewId, dueSoonTask)));
        await Json(await Put(coordinator, $"/api/v1/reviews/{reviewId}/evaluations/{dueSoonTask}", new { result = "achieved", comment = marker },
            await Reviews.ReviewApi.EvaluationETag(coordinator, reviewId, dueSoonTask)), HttpStatusCode.OK);
        Assert.That(await Awaiting("mic.coordinator"), Does.Not.Contain((reviewId, dueSoonTask)));
    }

    [Test]
    public async Task Titles_come_in_the_language_asked_for_or_the_persons_own()
    {
        var client = As("mic.viewer");
        var task = await GetJson<JsonElement>(client, $"/api/v1/tasks/{officeTask}");
        string? TitleIn(JsonElement work) => work.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetInt32() == officeTask).GetProperty("title").GetString();

        Assert.That(TitleIn(await GetJson<JsonElement>(client, "/api/v1/me/work")), Is.EqualTo(task.GetProperty("titleVi").GetString()), "Vietnamese by default");
        Assert.That(TitleIn(await GetJson<JsonElement>(client, "/api/v1/me/work?lang=en")), Is.EqualTo(task.GetProperty("titleEn").GetString()));
        await Execute("UPDATE users SET language = 'en' WHERE username = @Username;", new { Username = "mic.viewer" });
        try
        {
            Assert.That(TitleIn(await GetJson<JsonElement>(client, "/api/v1/me/work")), Is.EqualTo(task.GetProperty("titleEn").GetString()), "the person's language");
            Assert.That(TitleIn(await GetJson<JsonElement>(client, "/api/v1/me/work?lang=vi")), Is.EqualTo(task.GetProperty("titleVi").GetString()));
        }
        finally
        {
            await Execute("UPDATE users SET language = 'vi' WHERE username = @Username;", new { Username = "mic.viewer" });
        }
    }

    [Test]
    public async Task A_language_that_is_not_vi_or_en_is_a_field_error()
    {
        await ProblemAssert.HasFieldErrors(await As("mps.officer").GetAsync(new Uri("/api/v1/me/work?lang=fr", UriKind.Relative)), "lang");
    }

    [Test]
    public async Task An_agency_system_has_no_work_of_its_own()
    {
        var key = await CreateApiKey("mps.admin", "confidential", "tasks:read");
        using var system = WithApiKey(key);
        await ProblemAssert.IsProblem(await system.GetAsync(new Uri("/api/v1/me/work", UriKind.Relative)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await Anonymous.GetAsync(new Uri("/api/v1/me/work", UriKind.Relative)), HttpStatusCode.Unauthorized);
    }

    private async Task<Dictionary<int, (string Role, string DueState)>> Tasks(string user) =>
        (await GetJson<JsonElement>(As(user), "/api/v1/me/work")).GetProperty("tasks").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetInt32(), t => (t.GetProperty("role").GetString()!, t.GetProperty("dueState").GetString()!));

    private async Task<List<(int, int)>> Awaiting(string user) =>
        [.. (await GetJson<JsonElement>(As(user), "/api/v1/me/work")).GetProperty("awaitingEvaluation").EnumerateArray()
            .Select(a => (a.GetProperty("reviewId").GetInt32(), a.GetProperty("taskId").GetInt32()))];
}
