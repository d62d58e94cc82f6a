using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>
/// Subscriptions through HTTP with the default target rules: an agency system manages its own (the secret shown once),
/// admins of its agency within their clearance list, disable and delete them, nobody else sees them; targets are https
/// on public addresses, and a name that resolves to loopback is refused when the sender connects (SSRF).
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class WebhookSubscriptionTests(string provider) : WebhookTest(provider)
{
    private const string Subscriptions = "/api/v1/webhooks/subscriptions";

    [Test]
    public async Task A_system_manages_its_own_subscription_and_the_secret_is_shown_once()
    {
        var system = WithApiKey((await ProvisionApiKey("MIC", "confidential", "tasks:read")).Key);
        var created = await system.PostAsJsonAsync(new Uri(Subscriptions, UriKind.Relative),
            new { url = "https://receiver.example.org/hooks", kinds = new[] { EventKinds.TaskAssigned, EventKinds.ReviewScheduled }, description = "ours" });
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), body.ToString());
        var id = body.GetProperty("id").GetInt32();
        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("secret").GetString(), Does.StartWith("whsec_"));
            Assert.That(Convert.FromBase64String(body.GetProperty("secret").GetString()!["whsec_".Length..]), Has.Length.EqualTo(32));
            Assert.That(body.GetProperty("active").GetBoolean(), Is.True);
            Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"{Subscriptions}/{id}"));
        });

        var read = await system.GetAsync(new Uri($"{Subscriptions}/{id}", UriKind.Relative));
        var text = await read.Content.ReadAsStringAsync();
        Assert.That(text, Does.Not.Contain("whsec_"), "the secret is never shown again");
        var etag = read.Headers.ETag!.Tag;

        // PUT needs If-Match; the owner changes kinds and description; a GET body sent back is accepted.
        var dto = JsonDocument.Parse(text).RootElement;
        using (var noIfMatch = new HttpRequestMessage(HttpMethod.Put, $"{Subscriptions}/{id}") { Content = JsonContent.Create(dto) })
        {
            await ProblemAssert.IsProblem(await system.SendAsync(noIfMatch), HttpStatusCode.PreconditionRequired);
        }

        using (var put = new HttpRequestMessage(HttpMethod.Put, $"{Subscriptions}/{id}")
               {
                   Content = JsonContent.Create(new { url = "https://receiver.example.org/hooks2", kinds = new[] { EventKinds.PlanAdopted }, description = "changed", active = true }),
               })
        {
            put.Headers.IfMatch.ParseAdd(etag);
            var updated = await system.SendAsync(put);
            var json = JsonDocument.Parse(await updated.Content.ReadAsStringAsync()).RootElement;
            Assert.That(updated.StatusCode, Is.EqualTo(HttpStatusCode.OK), json.ToString());
            Assert.That(json.GetProperty("kinds").EnumerateArray().Select(k => k.GetString()), Is.EqualTo(new[] { EventKinds.PlanAdopted }));
        }

        using (var stale = new HttpRequestMessage(HttpMethod.Put, $"{Subscriptions}/{id}") { Content = JsonContent.Create(dto) })
        {
            stale.Headers.IfMatch.ParseAdd(etag);
            await ProblemAssert.IsProblem(await system.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        }

        // Rotating gives a new secret, once; the old one is gone.
        var rotated = JsonDocument.Parse(await (await system.PostAsync(new Uri($"{Subscriptions}/{id}/rotate-secret", UriKind.Relative), null)).Content.ReadAsStringAsync()).RootElement;
        Assert.That(rotated.GetProperty("secret").GetString(), Is.Not.EqualTo(body.GetProperty("secret").GetString()).And.StartWith("whsec_"));

        // Who sees it: the system and MIC's admin (secret >= confidential); not another system, not MPS's admin, not a person of MIC without the role.
        Assert.That((await GetAllPages(system, Subscriptions)).Select(s => s.GetProperty("id").GetInt32()), Is.EqualTo(new[] { id }));
        Assert.That((await GetAllPages(As("mic.admin"), Subscriptions)).Select(s => s.GetProperty("id").GetInt32()), Does.Contain(id));
        Assert.That((await GetAllPages(As("mps.admin"), Subscriptions)).Select(s => s.GetProperty("id").GetInt32()), Does.Not.Contain(id));
        var other = WithApiKey((await ProvisionApiKey("MIC", "top-secret", "tasks:read")).Key);
        Assert.That(await GetAllPages(other, Subscriptions), Is.Empty);
        await ProblemAssert.IsProblem(await other.GetAsync(new Uri($"{Subscriptions}/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await other.DeleteAsync(new Uri($"{Subscriptions}/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await As("mps.admin").GetAsync(new Uri($"{Subscriptions}/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await As("mic.officer").GetAsync(new Uri(Subscriptions, UriKind.Relative)), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await As("mic.admin").PostAsync(new Uri($"{Subscriptions}/{id}/rotate-secret", UriKind.Relative), null), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await As("mic.admin").PostAsJsonAsync(new Uri(Subscriptions, UriKind.Relative),
            new { url = "https://receiver.example.org/x", kinds = new[] { EventKinds.TaskAssigned } }), HttpStatusCode.Forbidden);

        // The admin deletes it; then it is gone for everyone.
        Assert.That((await As("mic.admin").DeleteAsync(new Uri($"{Subscriptions}/{id}", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await ProblemAssert.IsProblem(await system.GetAsync(new Uri($"{Subscriptions}/{id}", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [TestCase("http://receiver.example.org/hooks", TestName = "Plain http to a public host is refused")]
    [TestCase("https://10.1.2.3/hooks", TestName = "A private address is refused")]
    [TestCase("https://169.254.169.254/latest/meta-data", TestName = "The cloud metadata address is refused")]
    [TestCase("https://127.0.0.1/hooks", TestName = "Loopback is refused unless configured")]
    [TestCase("https://[::1]/hooks", TestName = "IPv6 loopback is refused unless configured")]
    [TestCase("https://[::ffff:192.168.1.1]/hooks", TestName = "An IPv4-mapped private address is refused")]
    [TestCase("https://user:pass@receiver.example.org/hooks", TestName = "User information is refused")]
    [TestCase("ftp://receiver.example.org/hooks", TestName = "Another scheme is refused")]
    [TestCase("/relative", TestName = "A relative URL is refused")]
    public async Task Unsafe_targets_are_refused_and_nothing_is_created(string url)
    {
        var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
        await ProblemAssert.HasFieldErrors(await system.PostAsJsonAsync(new Uri(Subscriptions, UriKind.Relative), new { url, kinds = new[] { EventKinds.TaskAssigned } }), "url");
        Assert.That(await GetAllPages(system, Subscriptions), Is.Empty);
    }

    [Test]
    public async Task Unknown_or_repeated_kinds_are_refused()
    {
        var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
        await ProblemAssert.HasFieldErrors(await system.PostAsJsonAsync(new Uri(Subscriptions, UriKind.Relative),
            new { url = "https://receiver.example.org/hooks", kinds = new[] { "task.deleted" } }), "kinds[0]");
        await ProblemAssert.HasFieldErrors(await system.PostAsJsonAsync(new Uri(Subscriptions, UriKind.Relative),
            new { url = "https://receiver.example.org/hooks", kinds = new[] { EventKinds.TaskAssigned, EventKinds.TaskAssigned } }), "kinds");
        await ProblemAssert.HasFieldErrors(await system.PostAsJsonAsync(new Uri(Subscriptions, UriKind.Relative),
            new { url = "https://receiver.example.org/hooks", kinds = Array.Empty<string>() }), "kinds");
        Assert.That(await GetAllPages(system, Subscriptions), Is.Empty);
    }

    [Test]
    public async Task A_name_that_resolves_to_loopback_is_refused_when_the_sender_connects()
    {
        const string path = "/hooks/ssrf";
        var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
        var response = await system.PostAsJsonAsync(new Uri(Subscriptions, UriKind.Relative),
            new { url = $"http://localhost:{Receiver.Port}{path}", kinds = new[] { EventKinds.ReviewMoved } });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), await response.Content.ReadAsStringAsync());
        var id = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        await Publish(EventKinds.ReviewMoved, Clearance.Unclassified, await DemoRegulation());

        await WaitUntil(async () => (await GetAllPages(system, $"{Subscriptions}/{id}/deliveries")).Any(d => d.GetProperty("attempt").GetInt32() >= 1),
            "the sender attempts the delivery");
        var delivery = (await GetAllPages(system, $"{Subscriptions}/{id}/deliveries")).Single();
        Assert.Multiple(() =>
        {
            Assert.That(delivery.GetProperty("status").GetString(), Is.EqualTo("retrying"));
            Assert.That(delivery.GetProperty("error").GetString(), Does.Contain("private, loopback or reserved"));
            Assert.That(Receiver.At(path), Is.Empty, "nothing reached the loopback receiver");
        });
    }
}
