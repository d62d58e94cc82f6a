using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>A fixture whose API runs the webhooks worker with short waits, and a real receiver on loopback.</summary>
public abstract class WebhookTest(string provider, IDictionary<string, string?>? settings = null)
    : ApiTest(provider, WithFastOutbox(settings))
{
    private protected WebhookReceiver Receiver { get; private set; } = null!;

    private static Dictionary<string, string?> WithFastOutbox(IDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Outbox:PollSeconds"] = "0.2",
            ["Webhooks:RetryBaseSeconds"] = "0.1",
            ["Webhooks:RetryMaxSeconds"] = "0.4",
            ["Webhooks:TimeoutSeconds"] = "5",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }

    [OneTimeSetUp]
    public async Task StartReceiver()
    {
        Receiver = new WebhookReceiver();
        await Receiver.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopReceiver() => await Receiver.DisposeAsync();

    /// <summary>Subscribes an agency system (by its key) to <paramref name="kinds"/> at the receiver's <paramref name="path"/>.</summary>
    private protected async Task<(int Id, string Secret)> Subscribe(HttpClient system, string path, params string[] kinds)
    {
        var response = await system.PostAsJsonAsync(new Uri("/api/v1/webhooks/subscriptions", UriKind.Relative),
            new { url = Receiver.Url(path), kinds = kinds.Length == 0 ? EventKinds.All : kinds, description = $"test {path}" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var created = JsonDocument.Parse(body).RootElement;
        var secret = created.GetProperty("secret").GetString()!;
        Receiver.Expect(path, secret);
        return (created.GetProperty("id").GetInt32(), secret);
    }

    /// <summary>Records an event as a handler does: in a write of its own, committed (which wakes the consumers).</summary>
    private protected async Task<string> Publish(string kind, Clearance classification, int regulationId, int? taskId = null, int? reviewId = null)
    {
        var writes = Factory.Services.GetRequiredService<WriteScopes>();
        await using var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None);
        var stored = await write.PublishAsync(new OutboxEvent(kind, classification, new { regulationId, taskId, reviewId }, RegulationId: regulationId, TaskId: taskId, ReviewId: reviewId));
        await write.CommitAsync();
        return stored!.EventKey;
    }

    private protected async Task<int> DemoRegulation() => (int)await Scalar("SELECT MIN(id) FROM regulations WHERE is_demo = 1");

    /// <summary>Tasks of the demo regulation, distinct per call site by <paramref name="skip"/>.</summary>
    private protected async Task<int> DemoTask(int skip) =>
        (int)await Scalar($"SELECT id FROM tasks WHERE regulation_id = (SELECT MIN(id) FROM regulations WHERE is_demo = 1) ORDER BY id {(Provider == "SqlServer" ? $"OFFSET {skip} ROWS FETCH NEXT 1 ROWS ONLY" : $"LIMIT 1 OFFSET {skip}")}");

    private protected static async Task WaitUntil(Func<Task<bool>> condition, string what, double seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(100);
        }
    }

    private protected static Task WaitUntil(Func<bool> condition, string what, double seconds = 30) =>
        WaitUntil(() => Task.FromResult(condition()), what, seconds);
}
