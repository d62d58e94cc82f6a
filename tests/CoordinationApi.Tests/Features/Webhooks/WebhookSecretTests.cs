using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using CoordinationApi.Features.Webhooks;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>
/// The subscriptions' signing secrets at rest: the database never holds a secret an agency system was shown (on create and
/// on rotate), yet deliveries verify with it; a stored value altered in any way signs nothing (the delivery fails, logged,
/// no request, no 500) until the secret is rotated; another instance that shares the key material (Audit:ChainKey) opens
/// what this one sealed; a plain-text secret of an earlier version is sealed at start-up and keeps verifying.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class WebhookSecretTests(string provider) : WebhookTest(provider, new Dictionary<string, string?>
{
    ["Webhooks:AllowedPrivateNetworks"] = "127.0.0.0/8",
    ["Webhooks:DisableAfterFailures"] = "1000",
    ["Audit:ChainKey"] = ChainKey,
})
{
    private static readonly string ChainKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Test]
    public async Task The_stored_column_never_holds_the_secret_shown_on_create_or_rotate()
    {
        const string path = "/secrets/stored";
        var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
        var (id, created) = await Subscribe(system, path, EventKinds.TaskStatusChanged);
        var storedAtCreate = await Stored(id);
        AssertSealed(storedAtCreate, created, "after create");

        var regulation = await DemoRegulation();
        var task = await DemoTask(2);
        var first = await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, regulation, task);
        await WaitUntil(() => AcceptedIds(path).Contains(first), "the first event is accepted, signed with the secret shown at creation");

        var response = await system.PostAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}/rotate-secret", UriKind.Relative), null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        var rotated = JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!;
        Assert.That(rotated, Is.Not.EqualTo(created));
        var storedAtRotate = await Stored(id);
        AssertSealed(storedAtRotate, rotated, "after rotate");
        AssertSealed(storedAtRotate, created, "after rotate (the old secret)");
        Assert.That(storedAtRotate, Is.Not.EqualTo(storedAtCreate));

        Receiver.Expect(path, rotated);
        var second = await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, regulation, task);
        await WaitUntil(() => AcceptedIds(path).Contains(second), "the next event is accepted, signed with the rotated secret");
        Assert.That(Receiver.At(path).All(r => r.SignatureValid), Is.True, "every request verified with the secret shown at that time");

        // Sealing draws a fresh nonce: the same secret never stores the same value twice.
        var secrets = Factory.Services.GetRequiredService<WebhookSecrets>();
        var (once, twice) = (secrets.Seal(rotated), secrets.Seal(rotated));
        Assert.That(once, Is.Not.EqualTo(twice));
    }

    /// <summary>Every way an intruder or a mistake may alter the stored value: none signs anything.</summary>
    private static readonly (string Name, Func<string, string, string> Alter)[] Tamperings =
    [
        ("a bit of the nonce flipped", (stored, _) => Flip(stored, 0)),
        ("a bit of the ciphertext flipped", (stored, _) => Flip(stored, 12)),
        ("a bit of the tag flipped", (stored, _) => Flip(stored, -1)),
        ("truncated", (stored, _) => stored[..^8]),
        ("not base64", (stored, _) => SecretBox.Prefix + "!!" + stored[(SecretBox.Prefix.Length + 2)..]),
        ("only the version", (_, _) => SecretBox.Prefix),
        ("an unknown version", (stored, _) => "v2:" + stored[SecretBox.Prefix.Length..]),
        ("sealed under other key material", (_, secret) =>
            new WebhookSecrets(new AuditChainKey(RandomNumberGenerator.GetBytes(32))).Seal(secret)),
        ("sealed for another purpose under the same key", (_, secret) =>
            new SecretBox(new AuditChainKey(Convert.FromBase64String(ChainKey)).Derive("CoordinationApi webhook secrets v1"), "another.column").Seal(secret)),
    ];

    [Test]
    public async Task A_tampered_secret_signs_nothing_fails_the_delivery_safely_and_a_rotation_recovers_it()
    {
        var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
        var regulation = await DemoRegulation();
        var task = await DemoTask(3);
        var subscriptions = new List<(string Name, string Path, int Id)>();
        for (var i = 0; i < Tamperings.Length; i++)
        {
            var path = $"/secrets/tampered/{i}";
            var (id, secret) = await Subscribe(system, path, EventKinds.TaskStatusChanged);
            await Execute("UPDATE webhook_subscriptions SET secret = @Secret WHERE id = @Id", new { Id = id, Secret = Tamperings[i].Alter(await Stored(id), secret) });
            subscriptions.Add((Tamperings[i].Name, path, id));
        }

        var eventKey = await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, regulation, task);
        foreach (var (name, _, id) in subscriptions)
        {
            await WaitUntil(async () => (await GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries"))
                .Any(d => d.GetProperty("error").GetString() == WebhookWorker.UnreadableSecret), $"{name}: the delivery fails as unreadable");
        }

        Assert.Multiple(async () =>
        {
            foreach (var (name, path, id) in subscriptions)
            {
                Assert.That(Receiver.At(path), Is.Empty, $"{name}: nothing was sent, neither signed with a wrong key nor unsigned");
                var delivery = (await GetAllPages(system, $"/api/v1/webhooks/subscriptions/{id}/deliveries")).Single();
                Assert.That((delivery.GetProperty("eventId").GetString(), delivery.GetProperty("status").GetString(), delivery.GetProperty("responseStatus").ValueKind),
                    Is.EqualTo((eventKey, "retrying", JsonValueKind.Null)), name);
                foreach (var url in new[] { $"/api/v1/webhooks/subscriptions/{id}", "/api/v1/webhooks/subscriptions" })
                {
                    var response = await system.GetAsync(new Uri(url, UriKind.Relative));
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{name}: GET {url}");
                }

                Assert.That(Factory.Logs.Records.Any(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error
                    && r.Text.Contains("does not decrypt", StringComparison.Ordinal) && r.Text.Contains($"{id}", StringComparison.Ordinal)), Is.True, $"{name}: logged");
            }

            Assert.That(Factory.Logs.Records.Where(r => r.Level >= Microsoft.Extensions.Logging.LogLevel.Error)
                .Where(r => !r.Text.Contains("does not decrypt", StringComparison.Ordinal)).Select(r => r.Text), Is.Empty, "no other error (no 500)");
        });

        // The agency system rotates: the held delivery goes out, signed with the new secret.
        foreach (var (name, path, id) in subscriptions)
        {
            var response = await system.PostAsync(new Uri($"/api/v1/webhooks/subscriptions/{id}/rotate-secret", UriKind.Relative), null);
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{name}: {body}");
            Receiver.Expect(path, JsonDocument.Parse(body).RootElement.GetProperty("secret").GetString()!);
        }

        foreach (var (name, path, _) in subscriptions)
        {
            await WaitUntil(() => AcceptedIds(path).Contains(eventKey), $"{name}: after rotating, the event is accepted with a valid signature");
        }
    }

    [Test]
    public async Task Another_instance_sharing_the_key_signs_the_same_and_plain_text_of_an_earlier_version_is_sealed_at_start_up()
    {
        Assume.That(Provider, Is.EqualTo("Sqlite"), "a second host on one database is started on the SQLite file; SQL Server hosts drop their database");
        const string viaOther = "/secrets/other-instance";
        const string legacy = "/secrets/legacy";
        var apiKey = (await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key;
        var system = WithApiKey(apiKey);
        var regulation = await DemoRegulation();
        var task = await DemoTask(4);

        // Another instance on this database with the same key material, its own jobs off: it seals, this one signs.
        using (var other = Host())
        {
            using var otherSystem = other.CreateClient();
            otherSystem.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
            var response = await otherSystem.PostAsJsonAsync(new Uri("/api/v1/webhooks/subscriptions", UriKind.Relative),
                new { url = Receiver.Url(viaOther), kinds = new[] { EventKinds.TaskStatusChanged } });
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
            var created = JsonDocument.Parse(body).RootElement;
            var secret = created.GetProperty("secret").GetString()!;
            AssertSealed(await Stored(created.GetProperty("id").GetInt32()), secret, "sealed by the other instance");
            Receiver.Expect(viaOther, secret);
            Assert.That(other.Services.GetRequiredService<WebhookSecrets>()
                .TryOpen(Factory.Services.GetRequiredService<WebhookSecrets>().Seal(secret), out var opened) && opened == secret, Is.True,
                "the other instance opens what this one seals");
        }

        // A subscription as an earlier version stored it: the secret in plain text. The next start seals it.
        var (legacyId, _) = await Subscribe(system, legacy, EventKinds.TaskStatusChanged);
        var plain = WebhookSignature.NewSecret();
        await Execute("UPDATE webhook_subscriptions SET secret = @Secret WHERE id = @Id", new { Id = legacyId, Secret = plain });
        Receiver.Expect(legacy, plain);
        using (var restarted = Host())
        {
            AssertSealed(await Stored(legacyId), plain, "sealed at start-up");
            Assert.That(restarted.Logs.Records.Any(r => r.Text.Contains("Encrypted 1 webhook signing secrets", StringComparison.Ordinal)), Is.True);
        }

        var eventKey = await Publish(EventKinds.TaskStatusChanged, Clearance.Unclassified, regulation, task);
        await WaitUntil(() => AcceptedIds(viaOther).Contains(eventKey) && AcceptedIds(legacy).Contains(eventKey),
            "both subscriptions accept the event, signed with the secret each was shown");
        Assert.That(Receiver.At(viaOther).Concat(Receiver.At(legacy)).All(r => r.SignatureValid), Is.True);
    }

    /// <summary>Another host on this fixture's SQLite file with the same Audit:ChainKey, its jobs off.</summary>
    private ApiFactory Host()
    {
        var host = new ApiFactory(overrides: new Dictionary<string, string?>
        {
            ["ConnectionStrings:Coordination"] = Factory.ConnectionString,
            ["Audit:ChainKey"] = ChainKey,
            ["Outbox:Enabled"] = "false",
            ["Webhooks:AllowedPrivateNetworks"] = "127.0.0.0/8",
        });
        _ = host.Services;
        return host;
    }

    private async Task<string> Stored(int id)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT secret FROM webhook_subscriptions WHERE id = @Id", new { Id = id }) ?? "";
    }

    private static void AssertSealed(string stored, string secret, string when)
    {
        var key = secret[WebhookSignature.SecretPrefix.Length..];
        Assert.Multiple(() =>
        {
            Assert.That(stored, Does.StartWith(SecretBox.Prefix), when);
            Assert.That(stored, Does.Not.Contain(secret).And.Not.Contain(key), when);
            Assert.That(stored, Does.Not.Contain(Convert.ToHexString(Convert.FromBase64String(key))).IgnoreCase, when);
        });
    }

    private static string Flip(string stored, int index)
    {
        var bytes = Convert.FromBase64String(stored[SecretBox.Prefix.Length..]);
        bytes[index < 0 ? bytes.Length + index : index] ^= 0x01;
        return SecretBox.Prefix + Convert.ToBase64String(bytes);
    }

    private HashSet<string> AcceptedIds(string path) => [.. Receiver.At(path).Where(r => r.Accepted).Select(r => r.WebhookId)];
}
