using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>
/// Who receives what, enumerated: every kind of <see cref="EventKinds.All"/> x every classification x a regulation of both
/// agencies and one of MPS alone, against agency systems of MPS and MIC at every clearance, each subscribed to every kind.
/// A system receives an event exactly when its clearance is at least the event's and its agency is a party of the event's
/// regulation; nothing else is even queued for it.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class WebhookAudienceTests(string provider) : WebhookTest(provider, new Dictionary<string, string?>
{
    ["Webhooks:AllowedPrivateNetworks"] = "127.0.0.0/8",
})
{
    [Test]
    public async Task An_event_reaches_exactly_the_systems_cleared_for_it_whose_agency_is_a_party()
    {
        var systems = new List<(string Agency, Clearance Clearance, string Path, int Subscription)>();
        foreach (var agency in new[] { "MPS", "MIC" })
        {
            foreach (var clearance in Enum.GetValues<Clearance>())
            {
                var path = $"/audience/{agency}/{clearance}";
                var (_, key) = await ProvisionApiKey(agency, clearance.ToName(), "tasks:read", "reviews:read");
                var (subscription, _) = await Subscribe(WithApiKey(key), path);
                systems.Add((agency, clearance, path, subscription));
            }
        }

        var regulations = new[] { (Id: await DemoRegulation(), Parties: new[] { "MPS", "MIC" }), (Id: await MpsOnlyRegulation(), Parties: new[] { "MPS" }) };
        var expected = new HashSet<(string Path, string EventId)>();
        var all = new HashSet<string>();
        foreach (var kind in EventKinds.All)
        {
            foreach (var classification in Enum.GetValues<Clearance>())
            {
                foreach (var (regulation, parties) in regulations)
                {
                    var eventId = await Publish(kind, classification, regulation);
                    all.Add(eventId);
                    foreach (var system in systems.Where(s => s.Clearance >= classification && parties.Contains(s.Agency)))
                    {
                        expected.Add((system.Path, eventId));
                    }
                }
            }
        }

        Assert.That(expected, Has.Count.EqualTo(EventKinds.All.Count * (20 + 10)), "the expectation itself: 20 pairs per kind on the shared regulation (8+6+4+2), 10 on MPS's own (4+3+2+1)");
        HashSet<(string, string)> Received() => [.. Receiver.Receipts.Where(r => r.Accepted && all.Contains(r.WebhookId)).Select(r => (r.Path, r.WebhookId))];
        await WaitUntil(() => Received().Count >= expected.Count, $"{expected.Count} deliveries arrive", seconds: 90);
        await Task.Delay(1500);

        var queued = await Queued(systems.Select(s => s.Subscription).ToList(), all);
        var bySubscription = systems.ToDictionary(s => s.Subscription, s => s.Path);
        Assert.Multiple(() =>
        {
            Assert.That(Received(), Is.EquivalentTo(expected), "what the receiver accepted");
            Assert.That(queued.Select(q => (bySubscription[q.SubscriptionId], q.EventKey)), Is.EquivalentTo(expected), "what was queued at all");
            Assert.That(Receiver.Receipts.Where(r => all.Contains(r.WebhookId)).All(r => r.SignatureValid), Is.True);
            Assert.That(Receiver.Receipts.Where(r => all.Contains(r.WebhookId) && r.Accepted).Select(r => r.WebhookId).Count(), Is.EqualTo(expected.Count), "each once");
        });
    }

    /// <summary>A regulation whose only party is MPS (as a registry admin could record one), straight in the database.</summary>
    private async Task<int> MpsOnlyRegulation()
    {
        var code = $"QC-MPS-ONLY-{Guid.NewGuid():N}"[..24].ToUpperInvariant();
        await Execute("""
            INSERT INTO regulations (code, title_vi, title_en, signed_on, signed_at, status, review_annual_rotating, review_first_host_agency_id,
                                     review_month, preliminary_after_years, is_demo, row_version, created_at, updated_at)
            SELECT @Code, 'Quy chế nội bộ', 'Internal regulation', '2024-01-01', 'Hà Nội', 'in_force', 1, a.id, 6, 1, 0, 1, @Now, @Now
            FROM agencies a WHERE a.code = 'MPS';
            INSERT INTO regulation_parties (regulation_id, agency_id, standing_unit_id, ordinal)
            SELECT r.id, a.id, u.id, 1 FROM regulations r, agencies a, units u WHERE r.code = @Code AND a.code = 'MPS' AND u.code = 'MPS-VP';
            """, new { Code = code, Now = DateTimeOffset.UtcNow });
        return (int)await Scalar($"SELECT id FROM regulations WHERE code = '{code}'");
    }

    private async Task<List<(int SubscriptionId, string EventKey)>> Queued(List<int> subscriptions, HashSet<string> events)
    {
        await using var connection = await Factory.Services.GetRequiredService<CoordinationApi.Infrastructure.Data.DbConnectionFactory>().OpenAsync();
        var rows = await connection.QueryAsync<(int SubscriptionId, string EventKey)>(
            "SELECT d.subscription_id, e.event_key FROM webhook_deliveries d JOIN events e ON e.id = d.event_id");
        return [.. rows.Where(r => subscriptions.Contains(r.SubscriptionId) && events.Contains(r.EventKey))];
    }
}
