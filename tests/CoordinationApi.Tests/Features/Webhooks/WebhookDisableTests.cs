using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>
/// Webhooks:DisableAfterFailures consecutive failures disable a subscription (nothing more is attempted while it is
/// disabled); re-enabling it (PUT, If-Match) resets the count and delivers what waited.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class WebhookDisableTests(string provider) : WebhookTest(provider, new Dictionary<string, string?>
{
    ["Webhooks:AllowedPrivateNetworks"] = "127.0.0.0/8",
    ["Webhooks:DisableAfterFailures"] = "3",
})
{
    [Test]
    public async Task Repeated_failures_disable_the_subscription_and_re_enabling_delivers_what_waited()
    {
        const string path = "/hooks/failing";
        var system = WithApiKey((await ProvisionApiKey("MPS", "secret", "tasks:read")).Key);
        var (id, _) = await Subscribe(system, path, EventKinds.TaskOverdue);
        var receiving = false;
        Receiver.FailWhen = (p, _, _, _) => p == path && !Volatile.Read(ref receiving);
        var eventId = await Publish(EventKinds.TaskOverdue, Clearance.Secret, await DemoRegulation(), await DemoTask(2));

        await WaitUntil(async () => !(await GetJson<JsonElement>(system, $"/api/v1/webhooks/subscriptions/{id}")).GetProperty("active").GetBoolean(),
            "the subscription is disabled");
        var disabled = await GetJson<JsonElement>(system, $"/api/v1/webhooks/subscriptions/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(disabled.GetProperty("consecutiveFailures").GetInt32(), Is.EqualTo(3));
            Assert.That(disabled.GetProperty("disabledReason").GetString(), Does.Contain("3 failed attempts"));
        });
        var attemptsWhenDisabled = Receiver.At(path).Count;
        Assert.That(attemptsWhenDisabled, Is.EqualTo(3));
        await Task.Delay(1500);
        Assert.That(Receiver.At(path), Has.Count.EqualTo(attemptsWhenDisabled), "nothing is attempted while disabled");
        var log = (await GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(log.GetProperty("status").GetString(), Is.EqualTo("retrying"));
            Assert.That(log.GetProperty("attempt").GetInt32(), Is.EqualTo(3));
            Assert.That(log.GetProperty("responseStatus").GetInt32(), Is.EqualTo(500));
        });
        await ProblemAssert.IsProblem(await system.PostAsync(
            new Uri($"/api/v1/webhooks/subscriptions/{id}/deliveries/{log.GetProperty("id").GetInt64()}/redeliver", UriKind.Relative), null), HttpStatusCode.Conflict);

        // An admin of the agency re-enables it (admins may disable and re-enable, not change the target).
        Volatile.Write(ref receiving, true);
        var admin = As("mps.admin");
        var response = await admin.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}", UriKind.Relative));
        var etag = response.Headers.ETag!.Tag;
        var current = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        using var changeUrl = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/webhooks/subscriptions/{id}")
        {
            Content = JsonContent.Create(new { url = "https://example.org/elsewhere", kinds = new[] { EventKinds.TaskOverdue }, description = current.GetProperty("description").GetString(), active = true }),
        };
        changeUrl.Headers.IfMatch.ParseAdd(etag);
        await ProblemAssert.IsProblem(await admin.SendAsync(changeUrl), HttpStatusCode.Forbidden);
        using var enable = new HttpRequestMessage(HttpMethod.Put, $"/api/v1/webhooks/subscriptions/{id}")
        {
            Content = JsonContent.Create(new { url = current.GetProperty("url").GetString(), kinds = new[] { EventKinds.TaskOverdue }, description = current.GetProperty("description").GetString(), active = true }),
        };
        enable.Headers.IfMatch.ParseAdd(etag);
        var enabled = await admin.SendAsync(enable);
        Assert.That(enabled.StatusCode, Is.EqualTo(HttpStatusCode.OK), await enabled.Content.ReadAsStringAsync());

        await WaitUntil(() => Receiver.At(path).Any(r => r.Accepted && r.WebhookId == eventId), "the waiting delivery arrives after re-enabling");
        var after = await GetJson<JsonElement>(system, $"/api/v1/webhooks/subscriptions/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("active").GetBoolean(), Is.True);
            Assert.That(after.GetProperty("disabledReason").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(Receiver.At(path).Count(r => r.Accepted), Is.EqualTo(1));
        });
        await WaitUntil(async () => (await GetJson<JsonElement>(system, $"/api/v1/webhooks/subscriptions/{id}")).GetProperty("consecutiveFailures").GetInt32() == 0,
            "the failure count is reset by the success");
    }
}
