using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>
/// Delivery to a real receiver that verifies every signature itself, fails on purpose, stops and starts again: every event
/// is accepted exactly once (by webhook-id), in event order per task, a failing delivery holds the later ones of its task
/// but not those of another task, and a redelivery sends the same webhook-id again.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class WebhookDeliveryTests(string provider) : WebhookTest(provider, new Dictionary<string, string?>
{
    ["Webhooks:AllowedPrivateNetworks"] = "127.0.0.0/8",
    ["Webhooks:DisableAfterFailures"] = "1000",
})
{
    [Test]
    public async Task Every_event_arrives_once_in_order_per_task_through_failures_and_a_receiver_restart()
    {
        const string path = "/hooks/order";
        var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
        await Subscribe(system, path, EventKinds.TaskStatusChanged, EventKinds.TaskProgressReported);
        var regulation = await DemoRegulation();
        var (taskA, taskB) = (await DemoTask(0), await DemoTask(1));
        // Every event of task A is refused twice before it is accepted; task B's are accepted at once.
        Receiver.FailWhen = (p, _, attempt, data) => p == path && attempt <= 2
            && data.ValueKind == JsonValueKind.Object && data.GetProperty("taskId").GetInt32() == taskA;

        var published = new List<(string Id, int Task)>();
        for (var i = 0; i < 5; i++)
        {
            published.Add((await Publish(i % 2 == 0 ? EventKinds.TaskStatusChanged : EventKinds.TaskProgressReported, Clearance.Unclassified, regulation, taskA), taskA));
            published.Add((await Publish(EventKinds.TaskStatusChanged, Clearance.Confidential, regulation, taskB), taskB));
        }

        await WaitUntil(() => AcceptedIds(path).Count == published.Count, "the first ten events are accepted");

        // The receiver goes away; five more events per task wait and fail; it comes back on the same port.
        await Receiver.StopAsync();
        for (var i = 0; i < 5; i++)
        {
            published.Add((await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, regulation, taskA), taskA));
            published.Add((await Publish(EventKinds.TaskProgressReported, Clearance.Unclassified, regulation, taskB), taskB));
        }

        var subscriptions = await GetAllPages(system, "/api/v1/webhooks/subscriptions");
        var id = subscriptions.Single(s => s.GetProperty("url").GetString()!.EndsWith(path, StringComparison.Ordinal)).GetProperty("id").GetInt32();
        await WaitUntil(async () => (await GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries"))
            .Any(d => d.GetProperty("status").GetString() == "retrying" && d.GetProperty("responseStatus").ValueKind == JsonValueKind.Null
                      && d.GetProperty("error").GetString()!.Length > 0), "an attempt fails while the receiver is down");
        await Receiver.StartAsync();
        await WaitUntil(() => AcceptedIds(path).Count == published.Count, "all twenty events are accepted after the restart");
        await Task.Delay(1000);

        var receipts = Receiver.At(path);
        Assert.Multiple(() =>
        {
            Assert.That(receipts.All(r => r.SignatureValid), Is.True, "every request carried a valid signature");
            var accepted = receipts.Where(r => r.Accepted).Select(r => r.WebhookId).ToList();
            Assert.That(accepted, Is.EquivalentTo(published.Select(p => p.Id)), "each event accepted exactly once");
            Assert.That(receipts.Count(r => !r.Accepted), Is.GreaterThanOrEqualTo(10), "task A's events were refused on purpose");
            foreach (var task in new[] { taskA, taskB })
            {
                var expected = published.Where(p => p.Task == task).Select(p => p.Id).ToList();
                Assert.That(receipts.Where(r => r.Accepted && expected.Contains(r.WebhookId)).Select(r => r.WebhookId), Is.EqualTo(expected),
                    $"task {task}'s events accepted in event order");
                // A failing delivery holds the later ones of its task: no attempt of event i+1 before event i was accepted.
                for (var i = 1; i < expected.Count; i++)
                {
                    var previousAccepted = receipts.Single(r => r.Accepted && r.WebhookId == expected[i - 1]).Sequence;
                    Assert.That(receipts.Where(r => r.WebhookId == expected[i]).Min(r => r.Sequence), Is.GreaterThan(previousAccepted),
                        $"task {task}: event {i} was attempted only after event {i - 1} was accepted");
                }
            }

            // Task B was not held by task A's failures: its first five were all accepted before task A's fifth.
            var firstB = published.Take(10).Where(p => p.Task == taskB).Select(p => p.Id).ToHashSet();
            var fifthA = published.Take(10).Where(p => p.Task == taskA).Last().Id;
            Assert.That(receipts.Where(r => r.Accepted && firstB.Contains(r.WebhookId)).Max(r => r.Sequence),
                Is.LessThan(receipts.Single(r => r.Accepted && r.WebhookId == fifthA).Sequence));
        });

        var body = receipts.First(r => r.Accepted);
        Assert.That(body.Data.GetProperty("eventId").GetString(), Is.EqualTo(body.WebhookId), "data carries the event id");
    }

    [Test]
    public async Task A_redelivery_sends_the_same_webhook_id_again_and_the_log_shows_the_attempts()
    {
        const string path = "/hooks/redeliver";
        var system = WithApiKey((await ProvisionApiKey("MIC", "secret", "tasks:read")).Key);
        var (id, _) = await Subscribe(system, path, EventKinds.ReviewConcluded);
        var eventId = await Publish(EventKinds.ReviewConcluded, Clearance.Secret, await DemoRegulation());
        await WaitUntil(() => AcceptedIds(path).Contains(eventId), "the event is accepted");
        // The worker records the answer after the receiver gave it: wait for the record, not only for the receipt.
        await WaitUntil(async () => (await GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries"))
            .Any(d => d.GetProperty("eventId").GetString() == eventId && d.GetProperty("status").GetString() != "pending"), "the attempt is recorded");

        var delivery = (await GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries")).Single(d => d.GetProperty("eventId").GetString() == eventId);
        Assert.Multiple(() =>
        {
            Assert.That(delivery.GetProperty("status").GetString(), Is.EqualTo("delivered"));
            Assert.That(delivery.GetProperty("attempt").GetInt32(), Is.EqualTo(1));
            Assert.That(delivery.GetProperty("responseStatus").GetInt32(), Is.EqualTo(204));
            Assert.That(delivery.GetProperty("kind").GetString(), Is.EqualTo(EventKinds.ReviewConcluded));
        });

        var deliveryId = delivery.GetProperty("id").GetInt64();
        var redelivered = await system.PostAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}/deliveries/{deliveryId}/redeliver", UriKind.Relative), null);
        Assert.That(redelivered.StatusCode, Is.EqualTo(HttpStatusCode.OK), await redelivered.Content.ReadAsStringAsync());
        await WaitUntil(() => Receiver.At(path).Count(r => r.Accepted && r.WebhookId == eventId) == 2, "the redelivery arrives with the same webhook-id");
        await WaitUntil(async () => (await GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries"))
            .Single(d => d.GetProperty("id").GetInt64() == deliveryId).GetProperty("attempt").GetInt32() == 2, "the log counts the second attempt");

        // Another agency system, or a delivery of another subscription, is not found.
        var stranger = WithApiKey((await ProvisionApiKey("MIC", "secret", "tasks:read")).Key);
        await ProblemAssert.IsProblem(await stranger.PostAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}/deliveries/{deliveryId}/redeliver", UriKind.Relative), null), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await stranger.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}/deliveries", UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await system.PostAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}/deliveries/{deliveryId + 100000}/redeliver", UriKind.Relative), null), HttpStatusCode.NotFound);
    }

    private HashSet<string> AcceptedIds(string path) => [.. Receiver.At(path).Where(r => r.Accepted).Select(r => r.WebhookId)];
}
