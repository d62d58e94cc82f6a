using System.Net;
using System.Text.Json.Nodes;
using CoordinationApi.Features.Notifications;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;

namespace CoordinationApi.Tests.Features.Notifications;

/// <summary>
/// Preferences (issue 19, part 2): read with the defaults and ETag "0", replaced under If-Match; the fan-out honours them
/// per kind, in the app and by e-mail (one mail each or the digest), and writes mail only for people with an address.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class NotificationPreferencesTests(string provider) : NotificationTest(provider)
{
    private const string Url = "/api/v1/me/notification-preferences";

    [Test]
    public async Task Preferences_read_their_defaults_and_are_replaced_under_if_match()
    {
        var client = As("mic.officer");
        var (defaults, etag) = await Read(client);
        Assert.That(etag, Is.EqualTo("\"0\""));
        Assert.That(defaults["digest"]!.GetValue<bool>(), Is.False);
        var kinds = defaults["kinds"]!.AsArray();
        Assert.That(kinds.Select(k => k!["kind"]!.GetValue<string>()), Is.EqualTo(EventKinds.All), "every kind, in order");
        Assert.That(kinds.All(k => k!["inApp"]!.GetValue<bool>()), Is.True, "everything in the app");
        Assert.That(kinds.Where(k => k!["email"]!.GetValue<bool>()).Select(k => k!["kind"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { EventKinds.TaskAssigned, EventKinds.TaskDueSoon, EventKinds.TaskOverdue, EventKinds.Mentioned, EventKinds.EvaluationRequested }));

        // The defaults sent back change nothing (not even the ETag), and audit nothing.
        var audited = await AuditCount();
        var same = await Send(client, HttpMethod.Put, Url, defaults, etag);
        await Json(same, HttpStatusCode.OK);
        Assert.That(same.Headers.ETag?.ToString(), Is.EqualTo("\"0\""));
        Assert.That(await AuditCount(), Is.EqualTo(audited));

        // Without If-Match a 428, stale a 412, an unknown or repeated kind a 400 naming the field: nothing changes.
        var changed = defaults.DeepClone().AsObject();
        changed["digest"] = true;
        changed["kinds"]![1]!["inApp"] = false;
        await ProblemAssert.IsProblem(await Send(client, HttpMethod.Put, Url, changed), HttpStatusCode.PreconditionRequired);
        await ProblemAssert.IsProblem(await Send(client, HttpMethod.Put, Url, changed, "\"7\""), HttpStatusCode.PreconditionFailed);
        await ProblemAssert.HasFieldErrors(await Send(client, HttpMethod.Put, Url,
            new { digest = true, kinds = new[] { new { kind = "task.exploded", inApp = true, email = true } } }, etag), "kinds[0].kind");
        await ProblemAssert.HasFieldErrors(await Send(client, HttpMethod.Put, Url,
            new { digest = true, kinds = new[] { new { kind = EventKinds.TaskAssigned, inApp = true, email = true }, new { kind = EventKinds.TaskAssigned, inApp = false, email = true } } }, etag), "kinds");
        Assert.That((await Read(client)).ETag, Is.EqualTo("\"0\""));
        Assert.That(await AuditCount(), Is.EqualTo(audited));

        var saved = await Send(client, HttpMethod.Put, Url, changed, etag);
        var body = JsonNode.Parse(await saved.Content.ReadAsStringAsync())!;
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(saved.Headers.ETag?.ToString(), Is.EqualTo("\"1\""));
        Assert.That(body["digest"]!.GetValue<bool>(), Is.True);
        Assert.That(body["kinds"]![1]!["inApp"]!.GetValue<bool>(), Is.False);
        var (read, readETag) = await Read(client);
        Assert.That(read.ToJsonString(), Is.EqualTo(body.ToJsonString()));
        Assert.That(readETag, Is.EqualTo("\"1\""));
        Assert.That(await AuditCount(), Is.EqualTo(audited + 1));
        await ProblemAssert.IsProblem(await Send(client, HttpMethod.Put, Url, defaults, "\"0\""), HttpStatusCode.PreconditionFailed);

        // A kind left out goes back to its default; another person's preferences are untouched.
        var partial = await Send(client, HttpMethod.Put, Url, new { digest = false, kinds = Array.Empty<object>() }, "*");
        var back = JsonNode.Parse(await partial.Content.ReadAsStringAsync())!;
        Assert.That(partial.Headers.ETag?.ToString(), Is.EqualTo("\"2\""));
        Assert.That(back["kinds"]!.ToJsonString(), Is.EqualTo(defaults["kinds"]!.ToJsonString()));
        Assert.That((await Read(As("mps.officer"))).ETag, Is.EqualTo("\"0\""));

        using var system = WithApiKey((await ProvisionApiKey("MIC", "secret", "tasks:read")).Key);
        await ProblemAssert.IsProblem(await system.GetAsync(new Uri(Url, UriKind.Relative)), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task The_fan_out_follows_each_persons_choices_in_the_app_and_by_mail()
    {
        var task = TaskPerClassification()[(int)Clearance.Unclassified];
        var concerned = People.Where(p => p.Active && (p.UnitId == task.LeadUnitId || task.CounterpartUnitIds.Contains(p.UnitId ?? 0)
            || (p.IsCoordinator && (p.AgencyId == task.LeadAgencyId || task.CounterpartAgencyIds.Contains(p.AgencyId))))).ToList();
        Assert.That(concerned, Has.Count.GreaterThanOrEqualTo(3));
        var (quiet, digest, noAddress) = (concerned[0], concerned[1], concerned[2]);
        var withAddress = concerned.Where(p => p != noAddress).ToList();
        foreach (var person in withAddress)
        {
            await Execute("UPDATE users SET email = @Email WHERE id = @Id", new { Email = $"{person.Username}@test.example", person.Id });
        }

        // The demo users have addresses: this one is made to have none.
        await Execute("UPDATE users SET email = NULL WHERE id = @Id", new { noAddress.Id });

        // quiet: status changes neither in the app nor by mail, assignments by mail only; digest: everything by mail, in the digest.
        var (_, quietETag) = await Read(As(quiet.Username));
        await Json(await Send(As(quiet.Username), HttpMethod.Put, Url, new
        {
            digest = false,
            kinds = new[]
            {
                new { kind = EventKinds.TaskStatusChanged, inApp = false, email = false },
                new { kind = EventKinds.TaskAssigned, inApp = false, email = true },
            },
        }, quietETag), HttpStatusCode.OK);
        await Json(await Send(As(digest.Username), HttpMethod.Put, Url, new
        {
            digest = true,
            kinds = EventKinds.All.Select(kind => new { kind, inApp = true, email = true }).ToArray(),
        }, "*"), HttpStatusCode.OK);
        await Json(await Send(As(noAddress.Username), HttpMethod.Put, Url, new
        {
            digest = false,
            kinds = EventKinds.All.Select(kind => new { kind, inApp = true, email = true }).ToArray(),
        }, "*"), HttpStatusCode.OK);

        var events = new Dictionary<string, StoredEvent>();
        foreach (var kind in new[] { EventKinds.TaskAssigned, EventKinds.TaskStatusChanged, EventKinds.TaskProgressReported })
        {
            events[kind] = (await Publish(AuditActor.System, new OutboxEvent(kind, Clearance.Unclassified,
                new { taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId }, task.RegulationId, task.Id, SubjectCode: task.Code)))[0];
        }

        await WaitForFanOut(events.Values.Max(e => e.Id));
        await using var connection = await Db.OpenAsync();
        var inApp = (await connection.QueryAsync<(long EventId, long UserId)>("SELECT event_id, user_id FROM notifications")).Select(r => (r.EventId, (int)r.UserId)).ToHashSet();
        var mail = (await connection.QueryAsync<(long EventId, long UserId, string Delivery, string Status)>(
            "SELECT event_id, user_id, delivery, status FROM mail_queue")).ToDictionary(r => (r.EventId, (int)r.UserId), r => (r.Delivery, r.Status));

        foreach (var person in concerned)
        {
            foreach (var (kind, change) in events)
            {
                var wantsApp = !(person == quiet && kind is EventKinds.TaskStatusChanged or EventKinds.TaskAssigned);
                var wantsMail = person == quiet ? kind == EventKinds.TaskAssigned
                    : person == digest || person == noAddress || NotificationDefaults.EmailKinds.Contains(kind);
                var mailed = wantsMail && person != noAddress;
                Assert.That(inApp.Contains((change.Id, person.Id)), Is.EqualTo(wantsApp), $"{person.Username} in the app: {kind}");
                Assert.That(mail.ContainsKey((change.Id, person.Id)), Is.EqualTo(mailed), $"{person.Username} by mail: {kind}");
                if (mailed)
                {
                    Assert.That(mail[(change.Id, person.Id)], Is.EqualTo((person == digest ? "digest" : "single", "pending")), $"{person.Username}: {kind}");
                }
            }
        }

        Assert.That(mail.Keys.Where(k => events.Values.Any(e => e.Id == k.EventId)).Select(k => k.Item2).Distinct()
            .All(id => concerned.Any(p => p.Id == id)), Is.True, "mail only to the people concerned");
    }

    private static async Task<(JsonNode Body, string ETag)> Read(HttpClient client)
    {
        var response = await client.GetAsync(new Uri(Url, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return (JsonNode.Parse(text)!, response.Headers.ETag?.ToString() ?? "");
    }

    private Task<long> AuditCount() => Scalar("SELECT COUNT(*) FROM audit_entries WHERE action = 'notification.preferences'");
}
