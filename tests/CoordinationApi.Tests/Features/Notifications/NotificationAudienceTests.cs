using System.Globalization;
using System.Net;
using System.Text.Json;
using CoordinationApi.Features.Notifications;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;

namespace CoordinationApi.Tests.Features.Notifications;

/// <summary>
/// Who hears of what (issue 19, part 2): for EVERY kind of <see cref="EventKinds.All"/>, on a demo task (and a demo review)
/// of each classification, the consumer's fan-out is compared, person by person, with the rule worked out here
/// independently: task events reach the people of the lead and counterpart units and the coordinators of those units'
/// agencies; review events the coordinators of the parties; a mention the people named who may read the task or review;
/// never anyone below the classification, never the actor. The people's lists (the API) show exactly that.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class NotificationAudienceTests(string provider) : NotificationTest(provider)
{
    [Test]
    public void Every_kind_has_an_audience()
    {
        Assert.That(EventKinds.All.Where(kind => !NotificationAudience.GroupOf.ContainsKey(kind)), Is.Empty, "a kind that reaches no one");
        Assert.That(NotificationAudience.GroupOf.Keys, Is.EquivalentTo(EventKinds.All), "a group for a kind that does not exist");
    }

    [Test]
    public async Task Every_kind_at_every_classification_reaches_exactly_the_people_it_concerns()
    {
        var review = await DemoReview();
        var tasks = TaskPerClassification();
        var people = People.Where(p => p.Active).ToList();
        var everyone = People.Select(p => p.Id).ToList();
        // The actors take turns: the system, then each person in order (so each is, somewhere, the one who acted).
        var actors = new List<(AuditActor Actor, int? PersonId)> { (AuditActor.System, null) };
        actors.AddRange(people.Select(p => (ActorOf(p), (int?)p.Id)));

        var planned = new List<(OutboxEvent Event, AuditActor Actor, int? ActorId, Func<Person, bool> Concerns)>();
        foreach (var kind in EventKinds.All)
        {
            foreach (var level in Enum.GetValues<Clearance>())
            {
                var task = tasks[(int)level];
                var group = NotificationAudience.GroupOf[kind];
                var onTask = group == NotificationAudience.TaskGroup || (group == NotificationAudience.MentionGroup);
                var (actor, actorId) = actors[planned.Count % actors.Count];
                planned.Add(onTask
                    ? (new OutboxEvent(kind, level, Payload(kind, task.Id, null, task.RegulationId, everyone), task.RegulationId, task.Id, null, task.Code),
                        actor, actorId, p => ConcernsTask(group, task, p))
                    : (new OutboxEvent(kind, level, Payload(kind, null, review.Id, review.RegulationId, everyone), review.RegulationId, null, review.Id, "REVIEW-" + review.Year),
                        actor, actorId, p => ConcernsReview(group, review.RegulationId, p)));
                if (group == NotificationAudience.MentionGroup)
                {
                    // A mention on a review too, at each level.
                    var (reviewActor, reviewActorId) = actors[planned.Count % actors.Count];
                    planned.Add((new OutboxEvent(kind, level, Payload(kind, null, review.Id, review.RegulationId, everyone), review.RegulationId, null, review.Id),
                        reviewActor, reviewActorId, p => ConcernsReview(group, review.RegulationId, p)));
                }
            }
        }

        var published = new List<(StoredEvent Stored, bool ActorExcluded, HashSet<int> Expected, HashSet<int> Uncleared)>();
        foreach (var (change, actor, actorId, concerns) in planned)
        {
            var stored = (await Publish(actor, change))[0];
            var audience = people.Where(concerns).ToList();
            published.Add((stored, audience.Any(p => p.Id == actorId && p.Clearance >= change.Classification),
                [.. audience.Where(p => p.Clearance >= change.Classification && p.Id != actorId).Select(p => p.Id)],
                [.. audience.Where(p => p.Clearance < change.Classification).Select(p => p.Id)]));
        }

        await WaitForFanOut(published[^1].Stored.Id);

        // The rule is not vacuous: every kind reaches someone, clearance and the actor's exclusion both bite.
        foreach (var kind in EventKinds.All)
        {
            Assert.That(published.Where(p => p.Stored.Kind == kind && p.Stored.Classification == Clearance.Unclassified).Sum(p => p.Expected.Count),
                Is.Positive, $"{kind} reaches no one");
        }

        foreach (var level in Enum.GetValues<Clearance>().Skip(1))
        {
            Assert.That(published.Where(p => p.Stored.Classification == level).Sum(p => p.Uncleared.Count), Is.Positive,
                $"no one concerned was below {level}: the clearance rule is untested there");
        }

        Assert.That(published.Count(p => p.ActorExcluded), Is.GreaterThanOrEqualTo(5), "actors who would otherwise have heard of their act");

        // The fan-out (the table) and each person's list (the API) hold exactly the expected people per event.
        await using var connection = await Db.OpenAsync();
        var rows = (await connection.QueryAsync<(long EventId, long UserId)>(
            "SELECT event_id, user_id FROM notifications WHERE event_id >= @First", new { First = published[0].Stored.Id })).ToLookup(r => r.EventId, r => (int)r.UserId);
        var failures = new List<string>();
        foreach (var (stored, _, expected, _) in published)
        {
            var actual = rows[stored.Id].ToHashSet();
            if (!actual.SetEquals(expected))
            {
                failures.Add($"{stored.Kind} at {stored.Classification.ToName()} (task {stored.TaskId}, review {stored.ReviewId}, actor {stored.ActorName}): " +
                    $"expected [{Describe(Names(expected))}], fanned out to [{Describe(Names(actual))}]");
            }
        }

        Assert.That(failures, Is.Empty);

        var keys = published.ToDictionary(p => p.Stored.EventKey, p => p);
        foreach (var person in people)
        {
            var listed = (await Notifications(person.Username)).Where(n => keys.ContainsKey(n.GetProperty("eventId").GetString()!)).ToList();
            var heard = listed.Select(n => n.GetProperty("eventId").GetString()!).ToHashSet();
            var due = published.Where(p => p.Expected.Contains(person.Id)).Select(p => p.Stored.EventKey).ToHashSet();
            Assert.That(heard, Is.EquivalentTo(due), $"{person.Username}'s list");
            foreach (var item in listed)
            {
                var stored = keys[item.GetProperty("eventId").GetString()!].Stored;
                Assert.That(stored.Classification, Is.LessThanOrEqualTo(person.Clearance), $"{person.Username} sees an event above their clearance");
                Assert.That(item.GetProperty("kind").GetString(), Is.EqualTo(stored.Kind));
                Assert.That(item.GetProperty("actorName").GetString(), Is.EqualTo(stored.ActorName));
                Assert.That(item.GetProperty("text").GetString(), Is.Not.Empty);
                Assert.That(item.GetProperty("link").GetString(), Is.EqualTo(stored.TaskId is { } t ? $"/tasks/{t}" : $"/reviews/{stored.ReviewId}"));
                Assert.That(item.GetProperty("readAt").ValueKind, Is.EqualTo(JsonValueKind.Null));
            }
        }

        // Whoever hears of a task may open it; whoever is below it gets a 404 (the same rule the API applies to reads).
        foreach (var task in tasks)
        {
            foreach (var person in people)
            {
                var heard = published.Any(p => p.Stored.TaskId == task.Id && p.Expected.Contains(person.Id));
                var status = (await As(person.Username).GetAsync(new Uri($"/api/v1/tasks/{task.Id}", UriKind.Relative))).StatusCode;
                if (heard)
                {
                    Assert.That(status, Is.EqualTo(HttpStatusCode.OK), $"{person.Username} heard of task {task.Code} but may not read it");
                }

                if (person.Clearance < task.Classification)
                {
                    Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
                    Assert.That(heard, Is.False);
                }
            }
        }
    }

    [Test]
    public async Task A_person_reads_counts_and_marks_their_notifications_in_their_language()
    {
        var task = TaskPerClassification()[(int)Clearance.Unclassified];
        var coordinator = Named("mic.coordinator");
        var events = await Publish(ActorOf(Named("mps.admin")),
            new OutboxEvent(EventKinds.TaskStatusChanged, Clearance.Unclassified,
                new { taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, fromStatus = "assigned", toStatus = "in_progress" },
                task.RegulationId, task.Id, SubjectCode: task.Code),
            new OutboxEvent(EventKinds.TaskDueSoon, Clearance.Unclassified,
                new { taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, dueDate = "2026-12-31", daysLeft = 7 },
                task.RegulationId, task.Id, SubjectCode: task.Code),
            new OutboxEvent(EventKinds.TaskProgressReported, Clearance.Unclassified,
                new { taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, reportId = 1, percentComplete = 40, reportingUnitCode = "MIC-VP" },
                task.RegulationId, task.Id, SubjectCode: task.Code));
        await WaitForFanOut(events[^1].Id);
        var client = As(coordinator.Username);
        var mine = (await Notifications(coordinator.Username)).Where(n => events.Any(e => e.EventKey == n.GetProperty("eventId").GetString())).ToList();
        Assert.That(mine, Has.Count.EqualTo(3));
        Assert.That(mine.Select(n => n.GetProperty("id").GetInt32()), Is.Ordered.Descending, "newest first");

        // The sentence: English when asked, Vietnamese when asked, else the account's language (vi, then en).
        var enText = await TextOf(client, mine[^1].GetProperty("id").GetInt32(), "en-GB,en;q=0.9");
        var viText = await TextOf(client, mine[^1].GetProperty("id").GetInt32(), "vi");
        var title = await Scalar<string>("SELECT title_en FROM tasks WHERE id = @Id", new { task.Id });
        Assert.That(enText, Does.StartWith($"Task {task.Code} “{title}” moved from assigned to in progress"));
        Assert.That(viText, Does.StartWith($"Nhiệm vụ {task.Code}").And.Contain("đang thực hiện"));
        Assert.That(await TextOf(client, mine[^1].GetProperty("id").GetInt32(), null), Is.EqualTo(viText), "the account's language (vi)");
        Assert.That(await TextOf(client, mine[^1].GetProperty("id").GetInt32(), "fr, en;q=0.5"), Is.EqualTo(enText), "the first of vi/en asked for");
        await Execute("UPDATE users SET language = 'en' WHERE id = @Id", new { coordinator.Id });
        Assert.That(await TextOf(client, mine[^1].GetProperty("id").GetInt32(), null), Is.EqualTo(enText), "the account's language (en)");
        await Execute("UPDATE users SET language = 'vi' WHERE id = @Id", new { coordinator.Id });

        // Counting, marking one (twice: the same answer), marking all.
        var unread = await UnreadCount(client);
        Assert.That(unread, Is.EqualTo((await Notifications(coordinator.Username, "&unread=true")).Count));
        Assert.That(unread, Is.GreaterThanOrEqualTo(3));
        var first = mine[0].GetProperty("id").GetInt32();
        Assert.That((await Send(client, HttpMethod.Post, $"/api/v1/notifications/{first}/read")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await UnreadCount(client), Is.EqualTo(unread - 1));
        Assert.That((await Send(client, HttpMethod.Post, $"/api/v1/notifications/{first}/read")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await UnreadCount(client), Is.EqualTo(unread - 1));
        var read = (await Notifications(coordinator.Username, "&unread=false")).Single(n => n.GetProperty("id").GetInt32() == first);
        Assert.That(read.GetProperty("readAt").ValueKind, Is.EqualTo(JsonValueKind.String));
        Assert.That((await Notifications(coordinator.Username, "&unread=true")).Any(n => n.GetProperty("id").GetInt32() == first), Is.False);

        // Another person's notification does not exist for you, and marking it changes nothing.
        var othersBefore = await UnreadCount(As("mps.coordinator"));
        var others = (await Notifications("mps.coordinator", "&unread=true")).First().GetProperty("id").GetInt32();
        await ProblemAssert.IsProblem(await Send(client, HttpMethod.Post, $"/api/v1/notifications/{others}/read"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblem(await Send(client, HttpMethod.Post, "/api/v1/notifications/2147483647/read"), HttpStatusCode.NotFound);
        Assert.That(await UnreadCount(As("mps.coordinator")), Is.EqualTo(othersBefore));

        var marked = await Json(await Send(client, HttpMethod.Post, "/api/v1/notifications/read-all"), HttpStatusCode.OK);
        Assert.That(marked.GetProperty("marked").GetInt32(), Is.EqualTo(unread - 1));
        Assert.That(await UnreadCount(client), Is.Zero);
        Assert.That(await Notifications(coordinator.Username, "&unread=true"), Is.Empty);
        Assert.That((await Json(await Send(client, HttpMethod.Post, "/api/v1/notifications/read-all"), HttpStatusCode.OK)).GetProperty("marked").GetInt32(), Is.Zero);
        Assert.That(await UnreadCount(As("mps.coordinator")), Is.EqualTo(othersBefore), "another's untouched");

        // Agency systems have webhooks, not notifications.
        var (_, key) = await ProvisionApiKey("MPS", "top-secret", "tasks:read");
        using var system = WithApiKey(key);
        await ProblemAssert.IsProblem(await system.GetAsync(new Uri("/api/v1/notifications", UriKind.Relative)), HttpStatusCode.Forbidden);
    }

    [Test]
    public async Task A_notification_of_a_task_raised_above_the_reader_is_no_longer_listed_or_counted()
    {
        var task = TaskPerClassification()[(int)Clearance.Unclassified];
        var events = await Publish(AuditActor.System, new OutboxEvent(EventKinds.TaskOverdue, Clearance.Unclassified,
            new { taskId = task.Id, taskCode = task.Code, regulationId = task.RegulationId, dueDate = "2026-01-31", daysOverdue = 3 },
            task.RegulationId, task.Id, SubjectCode: task.Code));
        await WaitForFanOut(events[^1].Id);
        var viewer = People.Where(p => p.Clearance == Clearance.Unclassified && (p.UnitId == task.LeadUnitId || task.CounterpartUnitIds.Contains(p.UnitId ?? 0))).First();
        bool Listed(List<JsonElement> items) => items.Any(n => n.GetProperty("eventId").GetString() == events[0].EventKey);
        Assert.That(Listed(await Notifications(viewer.Username)), Is.True);
        var unread = await UnreadCount(As(viewer.Username));
        await Execute("UPDATE tasks SET classification = 1 WHERE id = @Id", new { task.Id });
        try
        {
            Assert.That(Listed(await Notifications(viewer.Username)), Is.False);
            Assert.That(await UnreadCount(As(viewer.Username)), Is.EqualTo(unread - 1));
        }
        finally
        {
            await Execute("UPDATE tasks SET classification = 0 WHERE id = @Id", new { task.Id });
        }
    }

    private bool ConcernsTask(string group, TaskFacts task, Person person) =>
        Parties.Contains((task.RegulationId, person.AgencyId)) && group switch
        {
            // Everyone is named; whoever may read the task hears of it (the clearance is checked with the event's below).
            NotificationAudience.MentionGroup => true,
            _ => person.UnitId == task.LeadUnitId || task.CounterpartUnitIds.Contains(person.UnitId ?? 0)
                || (person.IsCoordinator && (person.AgencyId == task.LeadAgencyId || task.CounterpartAgencyIds.Contains(person.AgencyId))),
        };

    private bool ConcernsReview(string group, int regulationId, Person person) =>
        Parties.Contains((regulationId, person.AgencyId)) && (group == NotificationAudience.MentionGroup || person.IsCoordinator);

    private static object Payload(string kind, int? taskId, int? reviewId, int regulationId, List<int> mentioned) => kind switch
    {
        EventKinds.Mentioned => new { commentId = 1, taskId, reviewId, regulationId, mentionedUserIds = mentioned },
        _ when taskId is not null => new { taskId, regulationId },
        _ => new { reviewId, regulationId, year = 2026 },
    };

    private async Task<(int Id, int RegulationId, int Year)> DemoReview()
    {
        await using var connection = await Db.OpenAsync();
        var review = await connection.QueryFirstAsync<(long Id, long RegulationId, long Year)>(
            "SELECT id, regulation_id, period_year FROM reviews ORDER BY id");
        return ((int)review.Id, (int)review.RegulationId, (int)review.Year);
    }

    private IEnumerable<string> Names(IEnumerable<int> ids) => ids.Select(id => People.Single(p => p.Id == id).Username);

    private static async Task<int> UnreadCount(HttpClient client) =>
        (await Json(await client.GetAsync(new Uri("/api/v1/notifications/unread-count", UriKind.Relative)), HttpStatusCode.OK)).GetProperty("unread").GetInt32();

    private static async Task<string> TextOf(HttpClient client, int id, string? language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/notifications?limit=200", UriKind.Relative));
        if (language is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", language);
        }

        var page = await Json(await client.SendAsync(request), HttpStatusCode.OK);
        return page.GetProperty("items").EnumerateArray().Single(n => n.GetProperty("id").GetInt32() == id).GetProperty("text").GetString()!;
    }

    private async Task<T> Scalar<T>(string sql, object parameters)
    {
        await using var connection = await Db.OpenAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, parameters))!;
    }
}
