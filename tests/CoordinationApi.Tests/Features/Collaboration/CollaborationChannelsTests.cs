using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoordinationApi.Features.Notifications;
using CoordinationApi.Features.Webhooks;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Features.Mail;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Features.Webhooks;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using TaskApi = CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Collaboration;

/// <summary>
/// Issue 19's channels together, end to end: changes made through HTTP by the task, review and comment handlers, the
/// reminders job, the notifications fan-out, the mail worker against a real SMTP server (netDumbster) and the webhooks
/// worker against a real receiver on loopback. The fixture's own host makes the changes with the outbox's work off; a
/// second host on the same SQLite file runs the real workers (as another instance of the API would), so the reminders job
/// runs its day over the tasks made, and an outage can be staged before any worker has looked.
/// </summary>
[NonParallelizable]
public sealed class CollaborationChannelsTests() : RegulationTextTest("Sqlite", new Dictionary<string, string?>(OutboxOff) { [LoopbackTargets] = "127.0.0.0/8" })
{
    /// <summary>The receiver is on loopback, which webhook targets may only be where configured (SSRF).</summary>
    private const string LoopbackTargets = "Webhooks:AllowedPrivateNetworks";

    private const string Domain = "coordination.example.gov.vn";
    private static readonly string[] Clearances = ["unclassified", "confidential", "secret", "top-secret"];
    private static readonly string[] Agencies = ["MPS", "MIC"];

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));

    private LoopbackSmtp smtp = null!;
    private WebhookReceiver receiver = null!;
    private const string LowPassword = "Correct-Horse-1";
    private readonly Dictionary<string, string> passwords = [];
    private readonly Dictionary<string, HttpClient> created = [];
    private List<User> users = [];

    /// <summary>Receiver path → the clearance of the API client subscribed there.</summary>
    private readonly Dictionary<string, Clearance> clientClearance = [];

    [OneTimeSetUp]
    public async Task StartChannels()
    {
        smtp = new LoopbackSmtp(LoopbackSmtp.FreePort());
        receiver = new WebhookReceiver();
        await receiver.StartAsync();

        // Besides the demo people: a coordinator below secret in each agency, in the task's units, so the audience of every
        // kind (review kinds reach coordinators only, and every demo coordinator is cleared for secret) holds someone uncleared.
        foreach (var (admin, unit) in new[] { ("mps.admin", "MPS-A05"), ("mic.admin", "MIC-ATTT") })
        {
            var username = $"{admin.Split('.')[0]}.lowcoord";
            await Json(await Send(As(admin), HttpMethod.Post, "/api/v1/admin/users", new
            {
                username, displayName = username, unitCode = unit, roles = new[] { "viewer" }, clearance = "confidential", password = LowPassword,
                email = $"{username}@test.gov.vn", language = "en",
            }), HttpStatusCode.Created);
            // No admin may grant the coordinator role (it reaches beyond an admin's own); the operator does, as for the demo people.
            await Execute("UPDATE users SET roles = 'coordinator' WHERE username = @Username;", new { Username = username });
            passwords[username] = LowPassword;
        }

        await using (var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync())
        {
            users = (await connection.QueryAsync<User>(
                "SELECT id AS Id, username AS Username, email AS Email, clearance AS Clearance FROM users WHERE active = 1 ORDER BY id")).AsList();
        }

        Assert.That(users.Where(u => u.Email is not null).Select(u => u.Clearance).Distinct().Count(), Is.EqualTo(4), "people of every clearance have an address");

        // Every person wants every kind in the app and by single mail, so every channel is exercised for every kind.
        foreach (var user in users)
        {
            var client = Person(user.Username);
            var (_, etag) = await GetWithETag(client, "/api/v1/me/notification-preferences");
            var all = new { digest = false, kinds = EventKinds.All.Select(kind => new { kind, inApp = true, email = true }).ToArray() };
            await Json(await Send(client, HttpMethod.Put, "/api/v1/me/notification-preferences", all, etag), HttpStatusCode.OK);
        }

        // An agency system of each party at each clearance, subscribed to every kind.
        foreach (var agency in Agencies)
        {
            foreach (var clearance in Clearances)
            {
                var (_, key) = await ProvisionApiKey(agency, clearance, "tasks:read", "reviews:read");
                var path = $"/{agency.ToLowerInvariant()}-{clearance}";
                using var system = WithApiKey(key);
                var response = await system.PostAsJsonAsync(new Uri("/api/v1/webhooks/subscriptions", UriKind.Relative),
                    new { url = receiver.Url(path), kinds = EventKinds.All, description = $"channels {path}" });
                var created = await Json(response, HttpStatusCode.Created);
                receiver.Expect(path, created.GetProperty("secret").GetString()!);
                clientClearance[path] = ClearanceNames.Parse(clearance);
            }
        }
    }

    [OneTimeTearDown]
    public async Task StopChannels()
    {
        foreach (var client in created.Values)
        {
            client.Dispose();
        }

        smtp.Dispose();
        await receiver.DisposeAsync();
    }

    /// <summary>
    /// Every kind of EventKinds.All is produced about a secret task (review kinds on a review of that task's regulation):
    /// by the handlers through HTTP, by the reminders job, and by the review cycle; the review kinds the product records as
    /// unclassified (a review's schedule, move, conclusion and comments carry no task data) are also published at secret
    /// through the outbox, as for a review that concerns classified data. Then on each channel (in-app list of every person,
    /// mail received by the SMTP server, webhook requests received per client) nothing about a secret task reaches anyone
    /// below secret, and for every kind someone cleared receives it on every channel.
    /// </summary>
    [Test]
    public async Task A_secret_tasks_events_reach_no_person_mail_or_webhook_client_below_secret_on_any_channel()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var regulationId = await NewRegulation(coordinator, "QC-CHANNELS");
        var before = await Scalar("SELECT COALESCE(MAX(id), 0) FROM events");

        // The task the review cycle walks (plan year 2025), and two open ones the reminders job will find (plan year 2026).
        var walked = await CreateTask(coordinator, regulationId, "secret", 2025, null);
        var dueSoon = await CreateTask(coordinator, regulationId, "secret", Today.AddDays(7).Year, Today.AddDays(7));
        var overdue = await CreateTask(coordinator, regulationId, "secret", Today.AddDays(-1).Year, Today.AddDays(-1));
        foreach (var id in new[] { walked, dueSoon, overdue })
        {
            await Json(await TaskApi.Transition(coordinator, id, "assigned"), HttpStatusCode.OK);
        }

        await Json(await TaskApi.Transition(officer, walked, "in_progress"), HttpStatusCode.OK);
        await Json(await TaskApi.Report(officer, walked, 40, "2025-06-01"), HttpStatusCode.Created);
        // A comment mentioning a cleared officer and one who is not (mic.officer, confidential: not mentioned, not revealed).
        await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/tasks/{walked}/comments",
            new { body = "Please check the findings @mps.officer @mic.officer" }), HttpStatusCode.Created);

        // The review cycle: created, scheduled (evaluation requested), postponed and moved, commented, held, evaluated, concluded.
        var review = await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/reviews", new
        {
            regulationId, periodYear = 2025, hostAgencyCode = "MPS", scheduledOn = (string?)null, venue = "Hà Nội", reason = "The channels test's review",
        }), HttpStatusCode.Created);
        var reviewId = review.GetProperty("id").GetInt32();
        var transitions = $"/api/v1/reviews/{reviewId}/transitions";
        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "scheduled", scheduledOn = "2025-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "postponed", reason = "A clash" }), HttpStatusCode.OK);
        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "scheduled", scheduledOn = "2025-12-20", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
        await Json(await Send(As("mic.coordinator"), HttpMethod.Post, $"/api/v1/reviews/{reviewId}/comments",
            new { body = "Agreed, @mps.coordinator" }), HttpStatusCode.Created);
        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "held", attendees = "Both Offices", minutes = "Reviewed." }), HttpStatusCode.OK);
        foreach (var taskId in (await GetAllPages(coordinator, $"/api/v1/reviews/{reviewId}/evaluations?limit=200")).Select(e => e.GetProperty("task").GetProperty("id").GetInt32()))
        {
            await Json(await Send(coordinator, HttpMethod.Put, $"/api/v1/reviews/{reviewId}/evaluations/{taskId}", new { result = "partly_achieved", comment = "Goes on" }, "*"),
                HttpStatusCode.OK);
        }

        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "concluded" }), HttpStatusCode.OK);

        // The kinds the product records unclassified for a review (naming no task: every party's coordinator hears them),
        // published at secret as well, as for a review of classified data.
        const string reviewCode = "REVIEW-2025";
        string[] unclassifiedReviewKinds =
        [
            EventKinds.ReviewScheduled, EventKinds.ReviewMoved, EventKinds.ReviewConcluded, EventKinds.ReviewCommented,
            EventKinds.EvaluationRequested, EventKinds.PlanAdopted,
        ];
        await using (var write = await Factory.Services.GetRequiredService<WriteScopes>().BeginAsync(AuditActor.System, CancellationToken.None))
        {
            foreach (var kind in unclassifiedReviewKinds)
            {
                await write.PublishAsync(new OutboxEvent(kind, Clearance.Secret, new { reviewId, regulationId, year = 2025, taskIds = new[] { walked } },
                    RegulationId: regulationId, ReviewId: reviewId, SubjectCode: reviewCode));
            }

            await write.CommitAsync();
        }

        // Now the workers, on another host: the reminders job runs its day at start, then every consumer catches up.
        using (var workers = Workers())
        {
            await WaitUntil(async () => await Scalar($"SELECT COUNT(*) FROM events WHERE task_id IN ({dueSoon}, {overdue}) AND kind IN ('task.due_soon', 'task.overdue')") == 2,
                "the reminders of the two open secret tasks", workers);
            await Drained(workers);
        }

        // What concerns a secret task: events of tasks of this regulation at secret or above, and events listing them.
        var events = await EventsAfter(before);
        var secretTasks = (await OpenDatabaseQuery<(long Id, string Code)>(
            $"SELECT id, code FROM tasks WHERE regulation_id = {regulationId} AND classification >= 2")).ToDictionary(t => (int)t.Id, t => t.Code);
        Assert.That(secretTasks.Keys, Does.Contain(walked).And.Contain(dueSoon).And.Contain(overdue));
        var mine = events.Where(e => e.RegulationId == regulationId).ToList();
        Assert.That(mine.Where(e => e.TaskId is { } t && secretTasks.ContainsKey(t) && e.Classification < (int)Clearance.Secret).Select(e => $"{e.Kind} {e.Key}"),
            Is.Empty, "the product records every event of a secret task at secret or above");
        var aboutSecret = mine.Where(e => e.Classification >= (int)Clearance.Secret
            || (e.TaskId is { } t && secretTasks.ContainsKey(t))
            || secretTasks.Keys.Any(id => ListsTask(e.PayloadJson, id))).ToDictionary(e => e.Key);

        // Every kind was produced about a secret task (fails when EventKinds.All grows and this test does not).
        Assert.That(aboutSecret.Values.Where(e => e.Classification >= 2).Select(e => e.Kind).Distinct(), Is.EquivalentTo(EventKinds.All),
            "every kind produced at secret about a secret task");
        static bool Real(EventRow e) => e.ActorType != "system" || e.Kind is EventKinds.TaskDueSoon or EventKinds.TaskOverdue;
        Assert.That(mine.Where(Real).Select(e => e.Kind).Distinct(), Is.EquivalentTo(EventKinds.All), "every kind came from a real request or the reminders job");
        Assert.That(EventKinds.All.Except(aboutSecret.Values.Where(Real).Select(e => e.Kind)), Is.EquivalentTo(unclassifiedReviewKinds),
            "all but the review kinds recorded unclassified by design came about the secret task from real requests or the reminders job");

        var byUserId = users.ToDictionary(u => u.Id);
        var byAddress = users.Where(u => u.Email is not null).ToDictionary(u => u.Email!, StringComparer.OrdinalIgnoreCase);
        var coverage = new Dictionary<(string Channel, string Kind), int>();
        var leaks = new List<string>();
        var mineKeys = mine.Select(e => e.Key).ToHashSet();
        var reachedBelowSecret = new HashSet<string>();
        void Check(string channel, string recipient, Clearance clearance, string eventKey, string content)
        {
            var about = aboutSecret.TryGetValue(eventKey, out var e);
            var mentionsCode = secretTasks.Values.Any(code => content.Contains(code, StringComparison.Ordinal));
            if (clearance < Clearance.Secret && (about || mentionsCode))
            {
                leaks.Add($"{channel}: {recipient} ({clearance}) received {eventKey} {e?.Kind}");
            }

            if (clearance < Clearance.Secret && mineKeys.Contains(eventKey) && !about)
            {
                reachedBelowSecret.Add(channel);
            }

            if (about && e!.Classification >= 2 && clearance >= Clearance.Secret)
            {
                coverage[(channel, e.Kind)] = coverage.GetValueOrDefault((channel, e.Kind)) + 1;
            }
        }

        // In the app: every person's list.
        foreach (var user in users)
        {
            foreach (var item in await GetAllPages(Person(user.Username), "/api/v1/notifications?limit=200"))
            {
                Check("in-app", user.Username, user.Clearance, item.GetProperty("eventId").GetString()!, item.GetRawText());
            }
        }

        // By mail: every mail the server received, its recipient found by address, its event by the Message-ID.
        foreach (var mail in Mails())
        {
            var user = byAddress[mail.To];
            var (eventKey, userId) = ParseMessageId(mail.MessageId);
            Assert.That(userId, Is.EqualTo(user.Id), $"{mail.MessageId} went to {mail.To}");
            Check("mail", user.Username, byUserId[userId].Clearance, eventKey, mail.Subject + "\n" + mail.TextBody);
        }

        // By webhook: every request the receiver got, its client's clearance by path.
        foreach (var receipt in receiver.Receipts)
        {
            Check("webhook", receipt.Path, clientClearance[receipt.Path], receipt.WebhookId, receipt.Data.GetRawText());
        }

        Assert.That(leaks, Is.Empty, () => "nothing about a secret task below secret; leaks per channel: "
            + string.Join(", ", leaks.GroupBy(l => l[..l.IndexOf(':', StringComparison.Ordinal)]).Select(g => $"{g.Key} {g.Count()}")));
        Assert.That(reachedBelowSecret, Is.EquivalentTo(new[] { "in-app", "mail", "webhook" }),
            "people and clients below secret do receive this regulation's unclassified events on every channel (so silence is the filter's)");
        var missing = (from channel in new[] { "in-app", "mail", "webhook" }
                       from kind in EventKinds.All
                       where !coverage.ContainsKey((channel, kind))
                       select $"{channel} {kind}").ToList();
        Assert.That(missing, Is.Empty, "for every kind, someone cleared received the secret event on every channel");
    }

    /// <summary>
    /// The SMTP server and the webhook receiver are down while the handlers make several changes to several tasks; the
    /// workers try and fail; both come back: each mail (by Message-ID) and each delivery (by webhook-id and client) arrives
    /// exactly once, and per recipient and task in the order of the events.
    /// </summary>
    [Test]
    public async Task After_an_outage_of_both_every_mail_and_delivery_arrives_once_in_order_per_task()
    {
        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var regulationId = await NewRegulation(coordinator, "QC-OUTAGE");
        var before = await Scalar("SELECT COALESCE(MAX(id), 0) FROM events");
        var mailsBefore = Mails().Count;
        var receiptsBefore = receiver.Receipts.Count;
        smtp.Stop();
        await receiver.StopAsync();
        List<int> tasks = [];
        using var workers = Workers();
        try
        {
            foreach (var classification in new[] { "unclassified", "confidential", "secret" })
            {
                tasks.Add(await CreateTask(coordinator, regulationId, classification, 2026, null));
            }

            // Several changes each, interleaved between the tasks, while the workers run and fail.
            foreach (var id in tasks)
            {
                await Json(await TaskApi.Transition(coordinator, id, "assigned"), HttpStatusCode.OK);
            }

            foreach (var id in tasks)
            {
                await Json(await TaskApi.Transition(officer, id, "in_progress"), HttpStatusCode.OK);
            }

            foreach (var percent in new[] { 20, 60 })
            {
                foreach (var id in tasks)
                {
                    await Json(await TaskApi.Report(officer, id, percent), HttpStatusCode.Created);
                    await Json(await Send(As("mic.coordinator"), HttpMethod.Post, $"/api/v1/tasks/{id}/comments", new { body = $"Seen at {percent}%" }),
                        HttpStatusCode.Created);
                }
            }

            var mine = $"SELECT id FROM events WHERE id > {before} AND task_id IN ({string.Join(',', tasks)})";
            await WaitUntil(async () => await Scalar($"SELECT COUNT(*) FROM mail_queue WHERE event_id IN ({mine}) AND attempts > 0") > 0
                && await Scalar($"SELECT COUNT(*) FROM webhook_deliveries WHERE event_id IN ({mine}) AND attempts > 0") > 0,
                "failed attempts of mail and webhooks while both are down", workers);
            Assert.That(await Scalar($"SELECT COUNT(*) FROM mail_queue WHERE event_id IN ({mine}) AND status = 'sent'"), Is.Zero);
            Assert.That(await Scalar($"SELECT COUNT(*) FROM webhook_deliveries WHERE event_id IN ({mine}) AND status = 'delivered'"), Is.Zero);
        }
        finally
        {
            smtp.Start();
            await receiver.StartAsync();
        }

        await Drained(workers);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var events = (await EventsAfter(before)).Where(e => e.TaskId is { } t && tasks.Contains(t)).ToDictionary(e => e.Key);
        Assert.That(events.Values.Select(e => e.Kind).Distinct(), Is.EquivalentTo(new[]
        {
            EventKinds.TaskAssigned, EventKinds.TaskStatusChanged, EventKinds.TaskProgressReported, EventKinds.TaskCommented,
        }));
        var expectedMail = (await OpenDatabaseQuery<(string Key, long UserId)>(
            $"SELECT e.event_key, q.user_id FROM mail_queue q JOIN events e ON e.id = q.event_id WHERE e.id > {before} AND e.task_id IN ({string.Join(',', tasks)})"))
            .Select(r => $"{r.Key}.{r.UserId}@{Domain}").ToList();
        var expectedDeliveries = (await OpenDatabaseQuery<(string Key, string Url)>(
            $"SELECT e.event_key, s.url FROM webhook_deliveries d JOIN events e ON e.id = d.event_id JOIN webhook_subscriptions s ON s.id = d.subscription_id WHERE e.id > {before} AND e.task_id IN ({string.Join(',', tasks)})"))
            .Select(r => (r.Key, new Uri(r.Url).AbsolutePath)).ToList();
        Assert.That(expectedMail, Is.Not.Empty);
        Assert.That(expectedDeliveries.Select(d => d.AbsolutePath).Distinct().Count(), Is.GreaterThanOrEqualTo(4), "clients of both agencies at several levels");

        // Mail: exactly once each, and per recipient and task in event order.
        var mails = Mails().Skip(mailsBefore).Where(m => events.ContainsKey(ParseMessageId(m.MessageId).EventKey)).ToList();
        Assert.That(mails.Select(m => m.MessageId), Is.EquivalentTo(expectedMail), "each mail exactly once by Message-ID");
        foreach (var group in mails.GroupBy(m => (m.To, events[ParseMessageId(m.MessageId).EventKey].TaskId)))
        {
            var order = group.Select(m => events[ParseMessageId(m.MessageId).EventKey].Id).ToList();
            Assert.That(order, Is.Ordered, $"mail to {group.Key.To} about task {group.Key.TaskId} in event order");
        }

        // Webhooks: exactly once each (every request the receiver got while up was accepted), in event order per client and task.
        var receipts = receiver.Receipts.Skip(receiptsBefore).Where(r => events.ContainsKey(r.WebhookId)).ToList();
        Assert.That(receipts.All(r => r.Accepted && r.SignatureValid), Is.True);
        Assert.That(receipts.Select(r => (r.WebhookId, r.Path)), Is.EquivalentTo(expectedDeliveries), "each delivery exactly once by webhook-id and client");
        foreach (var group in receipts.GroupBy(r => (r.Path, events[r.WebhookId].TaskId)))
        {
            Assert.That(group.Select(r => events[r.WebhookId].Id).ToList(), Is.Ordered, $"deliveries to {group.Key.Path} about task {group.Key.TaskId} in event order");
        }

        // Nothing was sent or delivered twice even though the workers tried while both were down.
        Assert.That(await Scalar($"SELECT COUNT(*) FROM mail_queue WHERE event_id IN (SELECT id FROM events WHERE id > {before} AND task_id IN ({string.Join(',', tasks)})) AND status <> 'sent'"), Is.Zero);
        Assert.That(await Scalar($"SELECT COUNT(*) FROM webhook_deliveries WHERE event_id IN (SELECT id FROM events WHERE id > {before} AND task_id IN ({string.Join(',', tasks)})) AND status <> 'delivered'"), Is.Zero);
    }

    // ---- helpers ----

    /// <summary>A client signed in as a demo person or one this fixture made.</summary>
    private HttpClient Person(string username)
    {
        if (!passwords.TryGetValue(username, out var password))
        {
            return As(username);
        }

        if (!created.TryGetValue(username, out var client))
        {
            client = Factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SignIn(username, password).GetAwaiter().GetResult());
            created[username] = client;
        }

        return client;
    }

    /// <summary>Another host on this fixture's database running every worker fast, with mail to the loopback SMTP server.</summary>
    private ApiFactory Workers()
    {
        var host = new ApiFactory(overrides: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Coordination"] = Factory.ConnectionString,
            ["Outbox:Enabled"] = "true",
            ["Outbox:PollSeconds"] = "0.2",
            ["Mail:Host"] = "127.0.0.1",
            ["Mail:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Security"] = "None",
            ["Mail:From"] = $"Sổ điều phối <no-reply@{Domain}>",
            ["Mail:PublicBaseUrl"] = "https://dieuphoi.example.gov.vn/",
            ["Mail:RetrySeconds"] = "0.2",
            ["Mail:RetryMaxSeconds"] = "1",
            ["Mail:TimeoutSeconds"] = "5",
            ["Webhooks:RetryBaseSeconds"] = "0.1",
            ["Webhooks:RetryMaxSeconds"] = "1",
            ["Webhooks:TimeoutSeconds"] = "5",
            [LoopbackTargets] = "127.0.0.0/8",
        });
        _ = host.Services;
        return host;
    }

    /// <summary>Waits until both consumers have passed the last event and no mail or delivery is left to send.</summary>
    private async Task Drained(ApiFactory workers)
    {
        await WaitUntil(async () =>
        {
            var last = await Scalar("SELECT COALESCE(MAX(id), 0) FROM events");
            return await Scalar($"SELECT COALESCE(MIN(last_event_id), 0) FROM outbox_cursors WHERE consumer IN ('{NotificationFanOut.Consumer}', '{WebhookWorker.Consumer}')") >= last
                && await Scalar($"SELECT COUNT(*) FROM outbox_cursors WHERE consumer IN ('{NotificationFanOut.Consumer}', '{WebhookWorker.Consumer}')") == 2
                && await Scalar("SELECT COUNT(*) FROM mail_queue WHERE status = 'pending'") == 0
                && await Scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE status IN ('pending', 'retrying')") == 0;
        }, "every event fanned out, every mail sent and every delivery delivered", workers, 180);
    }

    private static async Task WaitUntil(Func<Task<bool>> condition, string what, ApiFactory workers, double seconds = 60)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting until {what}.\n" + string.Join("\n", workers.Logs.Records
                    .Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(r => r.Text).TakeLast(20)));
            }

            await Task.Delay(200);
        }
    }

    private async Task<int> CreateTask(HttpClient coordinator, int regulationId, string classification, int planYear, DateOnly? due)
    {
        var body = JsonSerializer.SerializeToNode(TaskApi.NewTask(title: TaskApi.Marker("channels"), classification: classification, planYear: planYear,
            cite: "chp_1__art_1", start: due is null ? null : Day(due.Value.AddDays(-30)), due: due is null ? null : Day(due.Value)))!.AsObject();
        body["regulationId"] = regulationId;
        return (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<int> NewRegulation(HttpClient coordinator, string code)
    {
        var response = await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP")));
        var id = (await Json(response, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, id, "Điều một", "Nội dung điều một", "Article one's text");
        return id;
    }

    private static bool ListsTask(string payloadJson, int taskId)
    {
        using var payload = JsonDocument.Parse(payloadJson);
        return payload.RootElement.TryGetProperty("taskIds", out var ids) && ids.EnumerateArray().Any(i => i.GetInt32() == taskId);
    }

    private async Task<List<T>> OpenDatabaseQuery<T>(string sql)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return (await connection.QueryAsync<T>(sql)).AsList();
    }

    private async Task<List<EventRow>> EventsAfter(long id) => await OpenDatabaseQuery<EventRow>($"""
        SELECT id AS Id, event_key AS Key, kind AS Kind, classification AS Classification, regulation_id AS RegulationId, task_id AS TaskId,
               review_id AS ReviewId, actor_type AS ActorType, payload_json AS PayloadJson
        FROM events WHERE id > {id} ORDER BY id
        """);

    /// <summary>(event key, user id) from a single mail's Message-ID <c>{eventKey}.{userId}@{domain}</c>.</summary>
    private static (string EventKey, int UserId) ParseMessageId(string messageId)
    {
        var local = messageId[..messageId.IndexOf('@', StringComparison.Ordinal)];
        var dot = local.LastIndexOf('.');
        return (local[..dot], int.Parse(local[(dot + 1)..], CultureInfo.InvariantCulture));
    }

    private List<Mail> Mails() => [.. smtp.Raw.Select(data =>
    {
        var message = MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(data)));
        return new Mail(message.MessageId ?? "", message.To.Mailboxes.Single().Address, message.Subject ?? "", message.TextBody ?? "");
    })];

    private sealed record Mail(string MessageId, string To, string Subject, string TextBody);

    private sealed record User
    {
        public int Id { get; init; }

        public string Username { get; init; } = "";

        public string? Email { get; init; }

        public Clearance Clearance { get; init; }
    }

    private sealed record EventRow
    {
        public long Id { get; init; }

        public string Key { get; init; } = "";

        public string Kind { get; init; } = "";

        public int Classification { get; init; }

        public int? RegulationId { get; init; }

        public int? TaskId { get; init; }

        public int? ReviewId { get; init; }

        public string ActorType { get; init; } = "";

        public string PayloadJson { get; init; } = "";
    }
}
