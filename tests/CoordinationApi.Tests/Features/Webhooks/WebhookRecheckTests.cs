using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>
/// Whether an agency system may read what an event concerns is decided again when the delivery is sent: a task raised above
/// a system's clearance after its events were queued reaches it neither by a retry, nor from the backlog of a re-enabled
/// subscription, nor by a redelivery (the deliveries are withheld with a reason), while a cleared system still gets them.
/// Events that happen while a subscription is disabled wait for it, unattempted, and go out in order once it is re-enabled.
/// Target URLs with whitespace are refused; accepted ones are stored normalised.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class WebhookRecheckTests(string provider) : WebhookTest(provider, new Dictionary<string, string?>
{
    ["Webhooks:AllowedPrivateNetworks"] = "127.0.0.0/8",
    ["Webhooks:DisableAfterFailures"] = "1000",
})
{
    private static readonly string[] Kinds = [EventKinds.TaskStatusChanged, EventKinds.TaskProgressReported];

    [Test]
    public async Task Retries_about_a_task_raised_above_the_system_are_withheld_and_a_cleared_system_still_gets_them()
    {
        const string low = "/hooks/retry-low", high = "/hooks/retry-high";
        var (lowSystem, highSystem) = await Systems();
        var (lowId, _) = await Subscribe(lowSystem, low, Kinds);
        await Subscribe(highSystem, high, Kinds);
        var failing = true;
        Receiver.FailWhen = (p, _, _, _) => (p == low || p == high) && Volatile.Read(ref failing);
        var (regulation, task) = (await DemoRegulation(), await UnclassifiedTask(0));
        var events = new[]
        {
            await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, regulation, task),
            await Publish(EventKinds.TaskProgressReported, Clearance.Unclassified, regulation, task),
        };
        await WaitUntil(() => Receiver.At(low).Count > 0 && Receiver.At(high).Count > 0, "both receivers refused a first attempt");

        await Raise(task, Clearance.Secret);
        await WaitUntil(async () => (await Log(lowSystem, lowId)).All(d => d.GetProperty("status").GetString() == "withheld"),
            "the waiting deliveries to the confidential system are withheld at their next attempt");
        Volatile.Write(ref failing, false);
        await WaitUntil(() => Receiver.At(high).Count(r => r.Accepted) == events.Length, "the secret system receives both events");
        await Task.Delay(1000);

        var log = await Log(lowSystem, lowId);
        Assert.Multiple(() =>
        {
            Assert.That(Receiver.At(low).Where(r => r.Accepted), Is.Empty, "nothing about the raised task reached the confidential system");
            Assert.That(log, Has.Count.EqualTo(events.Length));
            Assert.That(log.Select(d => d.GetProperty("error").GetString()), Has.All.Contains("no longer cleared"));
            Assert.That(Receiver.At(high).Where(r => r.Accepted).Select(r => r.WebhookId), Is.EqualTo(events), "in event order");
        });
    }

    [Test]
    public async Task Events_of_a_disabled_subscription_wait_and_after_re_enabling_only_what_the_system_may_read_now_goes_out_in_order()
    {
        const string low = "/hooks/backlog-low", high = "/hooks/backlog-high";
        var (lowSystem, highSystem) = await Systems();
        var (lowId, _) = await Subscribe(lowSystem, low, Kinds);
        var (highId, _) = await Subscribe(highSystem, high, Kinds);
        await SetActive(lowSystem, lowId, false);
        await SetActive(highSystem, highId, false);

        var regulation = await DemoRegulation();
        var (raised, other) = (await UnclassifiedTask(1), await UnclassifiedTask(2));
        var aboutRaised = new List<string>();
        var aboutOther = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            aboutRaised.Add(await Publish(Kinds[i % 2], Clearance.Unclassified, regulation, raised));
            aboutOther.Add(await Publish(Kinds[(i + 1) % 2], Clearance.Unclassified, regulation, other));
        }

        await WaitUntil(async () => (await Log(lowSystem, lowId)).Count == 6 && (await Log(highSystem, highId)).Count == 6,
            "the consumer queued every event for the disabled subscriptions");
        await Task.Delay(800);
        foreach (var (system, id) in new[] { (lowSystem, lowId), (highSystem, highId) })
        {
            var log = await Log(system, id);
            Assert.That(log.Select(d => d.GetProperty("status").GetString()), Has.All.EqualTo("pending"), "they wait");
            Assert.That(log.Select(d => d.GetProperty("attempt").GetInt32()), Has.All.EqualTo(0), "unattempted");
        }

        Assert.That(Receiver.At(low).Concat(Receiver.At(high)), Is.Empty, "nothing is sent while disabled");

        await Raise(raised, Clearance.Secret);
        await SetActive(lowSystem, lowId, true);
        await SetActive(highSystem, highId, true);
        await WaitUntil(() => Receiver.At(high).Count(r => r.Accepted) == 6, "the secret system receives everything that waited");
        await WaitUntil(() => Receiver.At(low).Count(r => r.Accepted) == 3, "the confidential system receives what it may read");
        await WaitUntil(async () => (await Log(lowSystem, lowId)).Count(d => d.GetProperty("status").GetString() == "withheld") == 3,
            "the rest is withheld");
        await Task.Delay(800);

        var highIds = Receiver.At(high).Where(r => r.Accepted).Select(r => r.WebhookId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(Receiver.At(low).Select(r => r.WebhookId), Is.EqualTo(aboutOther), "only the other task's events, once each, in order");
            Assert.That(highIds.Where(aboutRaised.Contains), Is.EqualTo(aboutRaised), "the raised task's events, in order");
            Assert.That(highIds.Where(aboutOther.Contains), Is.EqualTo(aboutOther), "the other task's events, in order");
            Assert.That(highIds, Is.Unique);
        });
    }

    [Test]
    public async Task A_redelivery_about_a_task_raised_above_the_system_is_refused_and_changes_nothing()
    {
        const string low = "/hooks/redeliver-low", high = "/hooks/redeliver-high";
        var (lowSystem, highSystem) = await Systems();
        var (lowId, _) = await Subscribe(lowSystem, low, Kinds);
        var (highId, _) = await Subscribe(highSystem, high, Kinds);
        var task = await UnclassifiedTask(3);
        var eventId = await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, await DemoRegulation(), task);
        await WaitUntil(() => Receiver.At(low).Any(r => r.Accepted) && Receiver.At(high).Any(r => r.Accepted), "both systems received it");

        await Raise(task, Clearance.Secret);
        var before = (await Log(lowSystem, lowId)).Single();
        var refused = await lowSystem.PostAsync(new Uri($"/api/v1/webhooks/subscriptions/{lowId}/deliveries/{before.GetProperty("id").GetInt64()}/redeliver", UriKind.Relative), null);
        var problem = await ProblemAssert.IsProblem(refused, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("no longer cleared"));

        var highDelivery = (await Log(highSystem, highId)).Single();
        var redelivered = await highSystem.PostAsync(new Uri($"/api/v1/webhooks/subscriptions/{highId}/deliveries/{highDelivery.GetProperty("id").GetInt64()}/redeliver", UriKind.Relative), null);
        Assert.That(redelivered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await redelivered.Content.ReadAsStringAsync());
        await WaitUntil(() => Receiver.At(high).Count(r => r.Accepted && r.WebhookId == eventId) == 2, "the cleared system gets the redelivery");
        await Task.Delay(800);

        var after = (await Log(lowSystem, lowId)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(Receiver.At(low), Has.Count.EqualTo(1), "the confidential system got nothing more");
            Assert.That(after.GetProperty("status").GetString(), Is.EqualTo(before.GetProperty("status").GetString()));
            Assert.That(after.GetProperty("attempt").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_url_with_whitespace_is_refused_and_an_accepted_one_is_stored_normalised()
    {
        var (system, _) = await Systems();
        var port = Receiver.Port;
        foreach (var url in new[] { $" http://127.0.0.1:{port}/z", $"http://127.0.0.1:{port}/z ", $"\thttp://127.0.0.1:{port}/z", $"http://127.0.0.1:{port}/a b", $"http://127.0.0.1:{port}/z\n" })
        {
            await ProblemAssert.HasFieldErrors(await system.PostAsJsonAsync(new Uri("/api/v1/webhooks/subscriptions", UriKind.Relative),
                new { url, kinds = Kinds, description = "spaces" }), "url");
        }

        Assert.That(await GetAllPages(system, "/api/v1/webhooks/subscriptions"), Is.Empty, "a refused request stores nothing");

        var created = await system.PostAsJsonAsync(new Uri("/api/v1/webhooks/subscriptions", UriKind.Relative),
            new { url = $"HTTP://LOCALHOST:{port}/Z", kinds = Kinds, description = "upper case" });
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var id = body.GetProperty("id").GetInt32();
        Assert.That(body.GetProperty("url").GetString(), Is.EqualTo($"http://localhost:{port}/Z"));
        Assert.That((await GetJson<JsonElement>(system, $"/api/v1/webhooks/subscriptions/{id}")).GetProperty("url").GetString(), Is.EqualTo($"http://localhost:{port}/Z"));

        var response = await system.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}", UriKind.Relative));
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/webhooks/subscriptions/{id}")
        {
            Content = JsonContent.Create(new { url = $"http://127.0.0.1:{port}/y ", kinds = Kinds, description = "upper case", active = true }),
        };
        put.Headers.IfMatch.ParseAdd(response.Headers.ETag!.Tag);
        await ProblemAssert.HasFieldErrors(await system.SendAsync(put), "url");
        Assert.That((await GetJson<JsonElement>(system, $"/api/v1/webhooks/subscriptions/{id}")).GetProperty("url").GetString(), Is.EqualTo($"http://localhost:{port}/Z"));
    }

    /// <summary>Two MPS agency systems: one cleared for confidential, one for secret.</summary>
    [Test]
    public async Task A_system_receives_a_reviews_events_only_with_reviews_read_and_a_tasks_only_with_tasks_read()
    {
        const string tasksOnly = "/hooks/scope-tasks", reviewsOnly = "/hooks/scope-reviews", both = "/hooks/scope-both";
        string[] kinds = [EventKinds.TaskStatusChanged, EventKinds.ReviewScheduled];
        await Subscribe(WithApiKey((await ProvisionApiKey("MPS", "secret", "tasks:read")).Key), tasksOnly, kinds);
        await Subscribe(WithApiKey((await ProvisionApiKey("MPS", "secret", "reviews:read")).Key), reviewsOnly, kinds);
        await Subscribe(WithApiKey((await ProvisionApiKey("MPS", "secret", "tasks:read,reviews:read")).Key), both, kinds);
        var regulation = await DemoRegulation();
        var review = (int)await Scalar($"SELECT MIN(id) FROM reviews WHERE regulation_id = {regulation}");
        var aboutTask = await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, regulation, await UnclassifiedTask(3));
        var aboutReview = await Publish(EventKinds.ReviewScheduled, Clearance.Unclassified, regulation, reviewId: review);

        await WaitUntil(() => Receiver.At(both).Count(r => r.Accepted) == 2, "the system with both scopes receives both events");
        await WaitUntil(() => Receiver.At(tasksOnly).Count(r => r.Accepted) == 1 && Receiver.At(reviewsOnly).Count(r => r.Accepted) == 1,
            "each single-scope system receives the event its scope reads");
        await Task.Delay(1000);
        Assert.Multiple(() =>
        {
            Assert.That(Receiver.At(tasksOnly).Where(r => r.Accepted).Select(r => r.WebhookId), Is.EqualTo(new[] { aboutTask }), "no review event without reviews:read");
            Assert.That(Receiver.At(reviewsOnly).Where(r => r.Accepted).Select(r => r.WebhookId), Is.EqualTo(new[] { aboutReview }), "no task event without tasks:read");
            Assert.That(Receiver.At(both).Where(r => r.Accepted).Select(r => r.WebhookId), Is.EqualTo(new[] { aboutTask, aboutReview }));
        });
    }

    private async Task<(HttpClient Low, HttpClient High)> Systems() => (
        WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key),
        WithApiKey((await ProvisionApiKey("MPS", "secret", "tasks:read")).Key));

    /// <summary>Unclassified tasks of the demo regulation, distinct per call site by <paramref name="skip"/>.</summary>
    private async Task<int> UnclassifiedTask(int skip) =>
        (int)await Scalar($"SELECT id FROM tasks WHERE regulation_id = (SELECT MIN(id) FROM regulations WHERE is_demo = 1) AND classification = 0 ORDER BY id {(Provider == "SqlServer" ? $"OFFSET {skip} ROWS FETCH NEXT 1 ROWS ONLY" : $"LIMIT 1 OFFSET {skip}")}");

    /// <summary>The lead agency raises the task (as PUT /tasks/{id} with a higher classification does).</summary>
    private Task Raise(int task, Clearance level) => Execute("UPDATE tasks SET classification = @Level WHERE id = @Id", new { Level = (int)level, Id = task });

    private Task<List<JsonElement>> Log(HttpClient system, int id) => GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries");

    private static async Task SetActive(HttpClient system, int id, bool active)
    {
        var response = await system.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}", UriKind.Relative));
        var current = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/webhooks/subscriptions/{id}")
        {
            Content = JsonContent.Create(new
            {
                url = current.GetProperty("url").GetString(),
                kinds = current.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()).ToArray(),
                description = current.GetProperty("description").GetString(),
                active,
            }),
        };
        put.Headers.IfMatch.ParseAdd(response.Headers.ETag!.Tag);
        var changed = await system.SendAsync(put);
        Assert.That(changed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await changed.Content.ReadAsStringAsync());
    }
}
