using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;
using AccessPolicies = CoordinationApi.Infrastructure.Security.Access;

namespace CoordinationApi.Tests.Features.Comments;

/// <summary>
/// Comments on tasks and reviews, through HTTP. Who may read and write each thread is enumerated: every comment route x every
/// demo user (and agency systems) x a task of every classification, a task and a review of a regulation some callers' agency
/// is not party to; the expectation is computed from the caller's agency, clearance and roles, never listed by hand. Mentions
/// are enumerated the same way (every demo user named in one comment); edits, revisions, declassification, validation and
/// the events and audit entries each write leaves (and a rejected one does not) are checked from the database.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class CommentsTests(string provider) : ApiTest(provider)
{
    private static readonly string[] Levels = ["unclassified", "confidential", "secret", "top-secret"];

    private readonly List<Subject> tasks = [];
    private readonly List<Subject> reviews = [];
    private List<Person> people = [];
    private int foreignRegulationId;

    /// <summary>A thread: a task or review, its regulation, its level, and who wrote its first comment.</summary>
    private sealed record Subject(string Kind, int Id, int RegulationId, int Level, string Author)
    {
        public string Thread => $"/api/v1/{Kind}s/{Id}/comments";

        public override string ToString() => $"{Kind} {Id} (regulation {RegulationId}, level {Levels[Level]})";
    }

    /// <summary>A caller: a demo user, or an agency system (its key) with its scopes.</summary>
    private sealed record Person(string Name, int Id, string AgencyCode, int Clearance, string[] Roles, string[]? Scopes = null, string? Key = null)
    {
        public bool IsClient => Key is not null;

        public override string ToString() => Name;
    }

    private sealed record EventRow
    {
        public string Kind { get; init; } = "";

        public int Classification { get; init; }

        public int? TaskId { get; init; }

        public int? ReviewId { get; init; }

        public string PayloadJson { get; init; } = "";
    }

    [OneTimeSetUp]
    public async Task MakeThreadsOfEveryKind()
    {
        var coordinator = As("mps.coordinator");
        foreach (var (level, i) in Levels.Select((l, i) => (l, i)))
        {
            var id = await Create(coordinator, NewTask(title: $"Discussed {level} task", classification: level));
            tasks.Add(new Subject("task", id, 1, i, "mps.coordinator"));
        }

        var review = await Json(await Post(coordinator, "/api/v1/reviews", new { regulationId = 1, periodYear = 2032, hostAgencyCode = "MPS", reason = "A review to discuss" }),
            HttpStatusCode.Created);
        reviews.Add(new Subject("review", review.GetProperty("id").GetInt32(), 1, 0, "mps.coordinator"));

        // A regulation between MIC and a third agency, with a task and a review: MPS is not a party, so they do not exist for MPS.
        await using (var connection = await Db().OpenAsync())
        {
            await using var writing = await Db().WriteLockAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var now = DateTimeOffset.UtcNow;
            var finance = new { NameVi = "Bộ Tài chính", NameEn = "Ministry of Finance" };
            await connection.ExecuteAsync("INSERT INTO agencies (code, name_vi, name_en) VALUES ('MOF', @NameVi, @NameEn);", finance, transaction);
            await connection.ExecuteAsync("""
                INSERT INTO units (agency_id, parent_id, tier, code, name_vi, name_en)
                SELECT id, NULL, 'ministry', 'MOF', @NameVi, @NameEn FROM agencies WHERE code = 'MOF';
                """, finance, transaction);
            await connection.ExecuteAsync("""
                INSERT INTO regulations (code, title_vi, title_en, signed_on, signed_at, status, review_annual_rotating, review_first_host_agency_id,
                                         review_month, preliminary_after_years, is_demo, row_version, created_at, updated_at)
                SELECT 'QC-MIC-MOF', @TitleVi, 'MIC–MOF coordination regulation', @SignedOn, @SignedAt, 'in_force', 1, id, 6, 5, 0, 1, @Now, @Now
                FROM agencies WHERE code = 'MIC';
                """, new { TitleVi = "Quy chế phối hợp MIC–MOF", SignedAt = "Hà Nội", SignedOn = new DateOnly(2023, 6, 1), Now = now }, transaction);
            foreignRegulationId = await connection.ExecuteScalarAsync<int>("SELECT id FROM regulations WHERE code = 'QC-MIC-MOF';", transaction: transaction);
            await connection.ExecuteAsync("""
                INSERT INTO regulation_parties (regulation_id, agency_id, standing_unit_id, ordinal)
                SELECT @Id, a.id, u.id, a.id FROM agencies a JOIN units u ON u.code = CASE a.code WHEN 'MIC' THEN 'MIC-VP' ELSE 'MOF' END
                WHERE a.code IN ('MIC', 'MOF');
                """, new { Id = foreignRegulationId }, transaction);
            // The foreign task: a copy of the unclassified task made above, led by MIC's Office.
            await connection.ExecuteAsync("""
                INSERT INTO tasks (regulation_id, seq, code, title_vi, title_en, description_vi, description_en, lead_unit_id, lead_agency_id, classification, kind,
                                   recurrence, plan_year, start_date, due_date, priority, status, progress, series_task_id, continues_task_id, is_demo, row_version,
                                   created_at, updated_at, completed_at, series_origin_id)
                SELECT @RegulationId, 1, 'QC-MIC-MOF-001', t.title_vi, t.title_en, t.description_vi, t.description_en, u.id, u.agency_id, 0, t.kind,
                       t.recurrence, t.plan_year, t.start_date, t.due_date, t.priority, t.status, 0, NULL, NULL, 0, 1, t.created_at, t.updated_at, NULL, NULL
                FROM tasks t JOIN units u ON u.code = 'MIC-VP'
                WHERE t.id = @Source;
                """, new { RegulationId = foreignRegulationId, Source = tasks[0].Id }, transaction);
            await connection.ExecuteAsync("""
                INSERT INTO reviews (regulation_id, kind, period_year, host_agency_id, status, planned_month, is_generated, row_version, created_at, updated_at)
                SELECT @RegulationId, 'annual', 2024, id, 'planned', 6, 0, 1, @Now, @Now FROM agencies WHERE code = 'MIC';
                """, new { RegulationId = foreignRegulationId, Now = now }, transaction);
            tasks.Add(new Subject("task", await connection.ExecuteScalarAsync<int>(
                "SELECT id FROM tasks WHERE regulation_id = @Id;", new { Id = foreignRegulationId }, transaction), foreignRegulationId, 0, "mic.coordinator"));
            reviews.Add(new Subject("review", await connection.ExecuteScalarAsync<int>(
                "SELECT id FROM reviews WHERE regulation_id = @Id;", new { Id = foreignRegulationId }, transaction), foreignRegulationId, 0, "mic.coordinator"));
            people = [.. (await connection.QueryAsync<(int Id, string Username, string Agency, int Clearance, string Roles)>("""
                SELECT u.id, u.username, a.code, u.clearance, u.roles FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.is_demo = 1 ORDER BY u.username;
                """, transaction: transaction)).Select(u => new Person(u.Username, u.Id, u.Agency, u.Clearance, u.Roles.Split(',')))];
            await transaction.CommitAsync();
        }

        Assert.That(people, Has.Count.GreaterThanOrEqualTo(10), "the demo users");
        // Agency systems: one that writes (MPS, confidential), one that only reads (MIC, secret).
        var writer = await ProvisionApiKey("MPS", "confidential", "tasks:read", "tasks:write", "reviews:read", "reviews:write");
        var reader = await ProvisionApiKey("MIC", "secret", "tasks:read", "reviews:read");
        people.Add(new Person("MPS system (confidential, write)", 0, "MPS", 1, [], ["tasks:read", "tasks:write", "reviews:read", "reviews:write"], writer.Key));
        people.Add(new Person("MIC system (secret, read)", 0, "MIC", 2, [], ["tasks:read", "reviews:read"], reader.Key));

        foreach (var subject in tasks.Concat(reviews))
        {
            await Json(await Post(As(subject.Author), subject.Thread, new { body = $"First word on {subject}" }), HttpStatusCode.Created);
        }
    }

    [Test]
    public async Task Every_comment_route_answers_every_caller_as_their_agency_clearance_and_roles_allow()
    {
        var created = new Dictionary<Subject, int>();
        var before = new Dictionary<Subject, long[]>();
        foreach (var subject in tasks.Concat(reviews))
        {
            before[subject] = await CountsOf(subject);
        }

        await Assert.MultipleAsync(async () =>
        {
            foreach (var subject in tasks.Concat(reviews))
            {
                var first = (await Items(As(subject.Author), subject.Thread))[0];
                var firstId = first.GetProperty("id").GetInt32();
                created[subject] = 0;
                foreach (var person in people)
                {
                    var client = ClientOf(person);
                    var mayRead = MayRead(person, subject);
                    var mayWrite = MayWrite(person, subject);
                    var what = $"{person} on {subject}";

                    using var list = await client.GetAsync(new Uri(subject.Thread, UriKind.Relative));
                    var listBody = await list.Content.ReadAsStringAsync();
                    Assert.That(list.StatusCode, Is.EqualTo(mayRead ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"list, {what}: {listBody}");
                    if (mayRead && list.IsSuccessStatusCode)
                    {
                        Assert.That(JsonDocument.Parse(listBody).RootElement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetInt32()),
                            Does.Contain(firstId), $"list, {what}");
                    }

                    using var revisions = await client.GetAsync(new Uri($"{subject.Thread}/{firstId}/revisions", UriKind.Relative));
                    Assert.That(revisions.StatusCode, Is.EqualTo(mayRead ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"revisions, {what}");

                    using var post = await Post(client, subject.Thread, new { body = $"Said by {person.Name}" });
                    var expectedPost = !mayWrite ? HttpStatusCode.Forbidden : mayRead ? HttpStatusCode.Created : HttpStatusCode.NotFound;
                    Assert.That(post.StatusCode, Is.EqualTo(expectedPost), $"post, {what}: {await post.Content.ReadAsStringAsync()}");
                    if (post.StatusCode == HttpStatusCode.Created)
                    {
                        created[subject]++;
                        var comment = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement;
                        Assert.That(comment.GetProperty("author").GetProperty("kind").GetString(), Is.EqualTo(person.IsClient ? "client" : "user"), what);
                        Assert.That(comment.GetProperty("author").GetProperty("agencyCode").GetString(), Is.EqualTo(person.AgencyCode), what);
                    }

                    var etag = (await Items(As(subject.Author), subject.Thread)).Single(c => c.GetProperty("id").GetInt32() == firstId).GetProperty("etag").GetString();
                    using var put = await Put(client, $"{subject.Thread}/{firstId}", new { body = $"Edited by {person.Name}" }, etag);
                    var isAuthor = !person.IsClient && person.Name == subject.Author;
                    var expectedPut = !mayWrite ? HttpStatusCode.Forbidden : !mayRead ? HttpStatusCode.NotFound : isAuthor ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
                    Assert.That(put.StatusCode, Is.EqualTo(expectedPut), $"put, {what}: {await put.Content.ReadAsStringAsync()}");
                }
            }
        });

        // Only what was accepted was written: the comments, their events, audit entries and revisions, and one edit per thread (its author's).
        foreach (var subject in tasks.Concat(reviews))
        {
            var written = (await CountsOf(subject)).Zip(before[subject], (a, b) => a - b).ToArray();
            Assert.That(written, Is.EqualTo(new long[] { created[subject], created[subject], created[subject], 1, created[subject] + 1 }),
                $"{subject}: comments, events, audit entries of comments and of edits, revisions");
        }

        Assert.That(created.Values.Sum(), Is.GreaterThan(0), "some callers wrote");
        Assert.That(created[tasks[3]], Is.LessThan(created[tasks[0]]), "fewer may write on a top-secret task than on an unclassified one");
    }

    [Test]
    public async Task A_mention_reaches_exactly_the_people_who_may_read_the_thread_and_reveals_nobody_else()
    {
        var everyone = string.Join(' ', people.Where(p => !p.IsClient).Select(p => $"@{p.Name}"));
        var subjects = tasks.Concat(reviews).ToList();
        await Assert.MultipleAsync(async () =>
        {
            foreach (var subject in subjects)
            {
                var author = As(subject.Author);
                var comment = await Json(await Post(author, subject.Thread, new { body = $"Please look, {everyone} and @nobody.nowhere." }), HttpStatusCode.Created);
                var commentId = comment.GetProperty("id").GetInt32();
                var readers = people.Where(p => !p.IsClient && MayRead(p, subject)).OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                var mentioned = comment.GetProperty("mentions").EnumerateArray().Select(m => m.GetProperty("username").GetString()).ToList();
                Assert.That(mentioned, Is.EqualTo(readers.Select(p => p.Name)), $"{subject}: the readers, and only them");

                var events = await EventsOf(subject);
                var commented = events.Single(e => e.Kind != EventKinds.Mentioned && Payload(e).GetProperty("commentId").GetInt32() == commentId);
                var mention = events.Single(e => e.Kind == EventKinds.Mentioned && Payload(e).GetProperty("commentId").GetInt32() == commentId);
                Assert.That(commented.Classification, Is.EqualTo(subject.Level), $"{subject}: the event has the task's classification");
                Assert.That(mention.Classification, Is.EqualTo(subject.Level), $"{subject}: so has the mention");
                var idName = subject.Kind == "task" ? "taskId" : "reviewId";
                Assert.That(Names(Payload(commented)), Is.EquivalentTo(subject.Kind == "task"
                    ? new[] { "taskId", "taskCode", "regulationId", "commentId" }
                    : ["reviewId", "regulationId", "commentId"]), $"{subject}: the payload of {commented.Kind}");
                Assert.That(Names(Payload(mention)), Is.EquivalentTo(new[] { "commentId", idName, "regulationId", "mentionedUserIds" }), $"{subject}: the mention's payload");
                Assert.That(Payload(mention).GetProperty(idName).GetInt32(), Is.EqualTo(subject.Id));
                Assert.That(Payload(mention).GetProperty("regulationId").GetInt32(), Is.EqualTo(subject.RegulationId));
                Assert.That(Payload(mention).GetProperty("mentionedUserIds").EnumerateArray().Select(i => i.GetInt32()),
                    Is.EquivalentTo(readers.Select(p => p.Id)), $"{subject}: the ids of the readers named");
            }
        });

        // Nobody named who may read: no mention event at all.
        var quiet = await Json(await Post(As("mps.coordinator"), tasks[3].Thread, new { body = "Only for @mps.viewer and @mic.officer to miss" }), HttpStatusCode.Created);
        Assert.That(quiet.GetProperty("mentions").GetArrayLength(), Is.Zero);
        Assert.That((await EventsOf(tasks[3])).Where(e => e.Kind == EventKinds.Mentioned)
            .Select(e => Payload(e).GetProperty("commentId").GetInt32()), Does.Not.Contain(quiet.GetProperty("id").GetInt32()));
    }

    [Test]
    public async Task An_edit_needs_If_Match_is_its_authors_alone_and_keeps_every_text()
    {
        var task = tasks[1]; // confidential: mic.officer (confidential) may read it
        var author = As("mic.officer");
        var comment = await Json(await Post(author, task.Thread, new { body = "First text for @mps.officer" }), HttpStatusCode.Created);
        var url = $"{task.Thread}/{comment.GetProperty("id").GetInt32()}";
        var etag = comment.GetProperty("etag").GetString()!;
        Assert.That(etag, Is.EqualTo("\"1\""));

        await ProblemAssert.IsProblem(await Put(author, url, new { body = "No If-Match" }, null), (HttpStatusCode)428);
        await ProblemAssert.IsProblem(await Put(As("mic.coordinator"), url, new { body = "Not mine" }, etag), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await Put(author, url, new { body = "Stale" }, "\"7\""), HttpStatusCode.PreconditionFailed);
        var edits = await Scalar("SELECT COUNT(*) FROM audit_entries WHERE action = 'task.comment.edit'");

        var same = await Put(author, url, new { body = "First text for @mps.officer" }, etag);
        Assert.That((await Json(same, HttpStatusCode.OK)).GetProperty("etag").GetString(), Is.EqualTo(etag), "the same text writes nothing");
        Assert.That(same.Headers.ETag?.ToString(), Is.EqualTo(etag));
        Assert.That(await Scalar("SELECT COUNT(*) FROM audit_entries WHERE action = 'task.comment.edit'"), Is.EqualTo(edits));

        var mentionsBefore = (await EventsOf(task)).Count(e => e.Kind == EventKinds.Mentioned);
        var edited = await Put(author, url, new { body = "Second text for @mps.officer and @mic.coordinator" }, etag);
        var after = await Json(edited, HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("etag").GetString(), Is.EqualTo("\"2\""));
            Assert.That(edited.Headers.ETag?.ToString(), Is.EqualTo("\"2\""));
            Assert.That(after.GetProperty("body").GetString(), Does.StartWith("Second text"));
            Assert.That(after.GetProperty("editedAt").ValueKind, Is.EqualTo(JsonValueKind.String));
            Assert.That(after.GetProperty("mentions").EnumerateArray().Select(m => m.GetProperty("username").GetString()),
                Is.EqualTo(new[] { "mic.coordinator", "mps.officer" }));
        });
        var newMentions = (await EventsOf(task)).Where(e => e.Kind == EventKinds.Mentioned).ToList();
        Assert.That(newMentions, Has.Count.EqualTo(mentionsBefore + 1));
        Assert.That(Payload(newMentions[^1]).GetProperty("mentionedUserIds").EnumerateArray().Select(i => i.GetInt32()),
            Is.EqualTo(new[] { people.Single(p => p.Name == "mic.coordinator").Id }), "only the newly mentioned person is told");
        Assert.That(await Scalar("SELECT COUNT(*) FROM audit_entries WHERE action = 'task.comment.edit' AND classification = 1"), Is.GreaterThanOrEqualTo(1));

        await ProblemAssert.IsProblem(await Put(author, url, new { body = "From the old ETag" }, etag), HttpStatusCode.PreconditionFailed);
        var revisions = await Items(author, $"{url}/revisions");
        Assert.That(revisions.Select(r => (r.GetProperty("revision").GetInt32(), r.GetProperty("body").GetString())),
            Is.EqualTo(new[] { (1, "First text for @mps.officer"), (2, "Second text for @mps.officer and @mic.coordinator") }));
        await ProblemAssert.IsProblem(await As("mic.viewer").GetAsync(new Uri($"{url}/revisions", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_comment_keeps_the_level_its_task_had_after_the_task_is_declassified()
    {
        var coordinator = As("mps.coordinator");
        var title = $"Declassified {Guid.NewGuid():N}";
        var id = await Create(coordinator, NewTask(title: title, classification: "secret"));
        var thread = $"/api/v1/tasks/{id}/comments";
        var secret = await Json(await Post(coordinator, thread, new { body = "Written while the task was secret" }), HttpStatusCode.Created);
        await ProblemAssert.IsProblem(await As("mps.viewer").GetAsync(new Uri(thread, UriKind.Relative)), HttpStatusCode.NotFound);

        var etag = (await coordinator.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative))).Headers.ETag!.ToString();
        await Json(await Put(coordinator, $"/api/v1/tasks/{id}", Edit(NewTask(title: title, classification: "unclassified")), etag), HttpStatusCode.OK);
        var open = await Json(await Post(coordinator, thread, new { body = "Written once it was unclassified" }), HttpStatusCode.Created);

        var seenByViewer = (await Items(As("mps.viewer"), thread)).Select(c => c.GetProperty("id").GetInt32()).ToList();
        var seenByCoordinator = (await Items(coordinator, thread)).Select(c => c.GetProperty("id").GetInt32()).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(seenByViewer, Is.EqualTo(new[] { open.GetProperty("id").GetInt32() }), "the secret comment does not exist for the viewer");
            Assert.That(seenByCoordinator, Is.EqualTo(new[] { secret.GetProperty("id").GetInt32(), open.GetProperty("id").GetInt32() }));
            await ProblemAssert.IsProblem(await As("mps.viewer").GetAsync(new Uri($"{thread}/{secret.GetProperty("id").GetInt32()}/revisions", UriKind.Relative)),
                HttpStatusCode.NotFound);
        });
    }

    [Test]
    public async Task A_rejected_comment_is_a_problem_and_writes_nothing()
    {
        var thread = tasks[0].Thread;
        var client = As("mps.officer");
        var before = (await Scalar("SELECT COUNT(*) FROM comments"), await Scalar("SELECT COUNT(*) FROM events"), await Scalar("SELECT COUNT(*) FROM audit_entries WHERE action LIKE '%.comment%'"));
        await Assert.MultipleAsync(async () =>
        {
            foreach (var body in new object[]
                     {
                         new { body = "" }, new { body = "   " }, new { body = new string('x', 10_001) }, new { body = (string?)null }, new { },
                     })
            {
                await ProblemAssert.HasFieldErrors(await Post(client, thread, body), "body");
            }

            await ProblemAssert.IsProblem(await Post(client, thread, new { body = "ok", sender = "someone else" }), HttpStatusCode.BadRequest);
            await ProblemAssert.IsProblem(await Post(client, "/api/v1/tasks/999999/comments", new { body = "Nowhere" }), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await Post(client, "/api/v1/reviews/999999/comments", new { body = "Nowhere" }), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await Put(client, $"{thread}/999999", new { body = "Nowhere" }, "\"1\""), HttpStatusCode.NotFound);
            await ProblemAssert.IsProblem(await client.GetAsync(new Uri($"{thread}/999999/revisions", UriKind.Relative)), HttpStatusCode.NotFound);
            // A comment of another thread is not found through this one.
            var elsewhere = (await Items(As("mps.coordinator"), tasks[1].Thread))[0].GetProperty("id").GetInt32();
            await ProblemAssert.IsProblem(await client.GetAsync(new Uri($"{thread}/{elsewhere}/revisions", UriKind.Relative)), HttpStatusCode.NotFound);
        });
        var after = (await Scalar("SELECT COUNT(*) FROM comments"), await Scalar("SELECT COUNT(*) FROM events"), await Scalar("SELECT COUNT(*) FROM audit_entries WHERE action LIKE '%.comment%'"));
        Assert.That(after, Is.EqualTo(before));
    }

    [Test]
    public async Task A_create_retried_with_its_Idempotency_Key_answers_the_first_comment_and_writes_nothing_more()
    {
        var client = As("mic.coordinator");
        var body = new { body = $"Retried {Guid.NewGuid():N} @mps.officer" };
        var first = await Json(await Post(client, tasks[0].Thread, body, "comment-retry"), HttpStatusCode.Created);
        var counts = (await Scalar("SELECT COUNT(*) FROM comments"), await Scalar("SELECT COUNT(*) FROM events"));
        var again = await Json(await Post(client, tasks[0].Thread, body, "comment-retry"), HttpStatusCode.Created);

        Assert.That(again.GetProperty("id").GetInt32(), Is.EqualTo(first.GetProperty("id").GetInt32()));
        Assert.That((await Scalar("SELECT COUNT(*) FROM comments"), await Scalar("SELECT COUNT(*) FROM events")), Is.EqualTo(counts));
        await ProblemAssert.IsProblem(await Post(client, tasks[0].Thread, new { body = "Another text" }, "comment-retry"), HttpStatusCode.UnprocessableEntity);
    }

    /// <summary>What a thread's writes leave: comments, comment events, audit entries of comments and of edits, revisions.</summary>
    private async Task<long[]> CountsOf(Subject subject)
    {
        var column = subject.Kind == "task" ? "task_id" : "review_id";
        var kind = subject.Kind == "task" ? EventKinds.TaskCommented : EventKinds.ReviewCommented;
        var ids = $"SELECT CAST(id AS VARCHAR(20)) FROM comments WHERE {column} = {subject.Id}";
        return
        [
            await Scalar($"SELECT COUNT(*) FROM comments WHERE {column} = {subject.Id}"),
            await Scalar($"SELECT COUNT(*) FROM events WHERE kind = '{kind}' AND {column} = {subject.Id}"),
            await Scalar($"SELECT COUNT(*) FROM audit_entries WHERE action = '{subject.Kind}.comment' AND entity_id IN ({ids})"),
            await Scalar($"SELECT COUNT(*) FROM audit_entries WHERE action = '{subject.Kind}.comment.edit' AND entity_id IN ({ids})"),
            await Scalar($"SELECT COUNT(*) FROM comment_revisions v JOIN comments c ON c.id = v.comment_id WHERE c.{column} = {subject.Id}"),
        ];
    }

    private static bool MayRead(Person person, Subject subject) =>
        (subject.RegulationId == 1 || person.AgencyCode == "MIC") && person.Clearance >= subject.Level;

    private static bool MayWrite(Person person, Subject subject)
    {
        var policy = subject.Kind == "task" ? AccessPolicies.TasksWrite : AccessPolicies.ReviewComments;
        return person.IsClient
            ? person.Scopes!.Contains(AccessPolicies.ScopeOf(policy))
            : person.Roles.Any(AccessPolicies.RolesOf(policy).Contains);
    }

    private HttpClient ClientOf(Person person) => person.IsClient ? WithApiKey(person.Key!) : As(person.Name);

    private DbConnectionFactory Db() => Factory.Services.GetRequiredService<DbConnectionFactory>();

    private async Task<List<JsonElement>> Items(HttpClient client, string url) => await GetAllPages(client, url);

    private async Task<List<EventRow>> EventsOf(Subject subject)
    {
        await using var connection = await Db().OpenAsync();
        return (await connection.QueryAsync<EventRow>($"""
            SELECT kind AS Kind, classification AS Classification, task_id AS TaskId, review_id AS ReviewId, payload_json AS PayloadJson
            FROM events WHERE {(subject.Kind == "task" ? "task_id" : "review_id")} = @Id AND kind IN ('task.commented', 'review.commented', 'comment.mentioned')
            ORDER BY id
            """, new { subject.Id })).AsList();
    }

    private static JsonElement Payload(EventRow row) => JsonDocument.Parse(row.PayloadJson).RootElement;

    private static List<string> Names(JsonElement payload) => [.. payload.EnumerateObject().Select(p => p.Name)];
}
