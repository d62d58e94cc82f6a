using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Tests.Features.Robustness.HostileInput;
using CoordinationApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// The details of Idempotency-Key and of the declared request headers: an API client's create honours the key without
/// ever showing its secret twice; a replay carries the ETag of the first answer, read from what was stored; a user create
/// with another password under the same key is a mismatch, while the password is stored nowhere; and every declared header
/// is held to the <c>maxLength</c> the document gives it, on every operation that declares it.
/// </summary>
// The outbox's workers are off: their lease renewals write in the background, which the PRAGMA data_version check
// ("a rejection changes nothing") would take for the request's doing.
public sealed class IdempotencyAndHeaderBoundsTests() : ApiTest("Sqlite", new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" })
{
    [Test]
    public async Task Every_declared_request_header_longer_than_its_max_length_is_a_400_naming_it_and_changes_nothing()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();
        var operations = new OpenApiOperations(document).Operations;
        await using var observer = new SqliteConnection(Factory.ConnectionString);
        await observer.OpenAsync();
        var client = As("mps.coordinator");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var operation in operations)
        {
            foreach (var header in operation.InHeader.Where(h => h.Schema["maxLength"] is not null))
            {
                var max = header.Schema["maxLength"]!.GetValue<int>();
                seen.Add(header.Name);
                var before = DataVersion(observer);
                using var request = new HttpRequestMessage(new HttpMethod(operation.Method.ToUpperInvariant()), new Uri(UrlOf(operation), UriKind.Relative));
                if (operation.BodySchema is not null)
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                // Visible ASCII, so only the length is wrong (an If-Match of one long quoted tag is otherwise well-formed).
                request.Headers.TryAddWithoutValidation(header.Name, header.Name == Concurrency.Field ? $"\"{new string('1', max - 1)}\"" : new string('k', max + 1));
                var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                // Like every answer, it states the rate limit that applies (RateLimit fields).
                if (response.StatusCode != HttpStatusCode.BadRequest || !response.Headers.Contains("RateLimit-Limit")
                    || !JsonDocument.Parse(body).RootElement.TryGetProperty("errors", out var errors) || !errors.TryGetProperty(header.Name, out _)
                    || JsonDocument.Parse(body).RootElement.GetProperty("type").GetString() != ProblemTypes.Validation)
                {
                    failures.Add($"{operation.Name} {header.Name} ({max + 1} chars): {(int)response.StatusCode} {body}");
                }
                else if (DataVersion(observer) != before)
                {
                    failures.Add($"{operation.Name} {header.Name}: the refused request wrote to the database");
                }
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.SupersetOf(new[] { Concurrency.Field, Idempotency.Header }), "the document bounds both headers");
            Assert.That(failures, Is.Empty, string.Join("\n", failures));
        });
    }

    [Test]
    public async Task A_header_within_its_bound_is_read_as_before()
    {
        var coordinator = As("mps.coordinator");
        var key = new string('k', Idempotency.MaxKeyLength);
        var first = await Post(coordinator, "/api/v1/tasks", NewTask(title: Marker("Bounded key ")), key);
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Created), await first.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task An_api_client_create_replayed_is_a_409_naming_the_client_and_never_shows_the_key_again()
    {
        var admin = As("mps.admin");
        var body = new { name = Marker("replayed system "), scopes = new[] { "regulations:read" }, clearance = "unclassified" };
        var key = $"client-{Guid.NewGuid():N}";
        var first = await Post(admin, "/api/v1/admin/api-clients", body, key);
        var created = await Json(first, HttpStatusCode.Created);
        var apiKey = created.GetProperty("apiKey").GetString()!;
        var clients = await Scalar("SELECT COUNT(*) FROM api_clients;");

        var again = await Post(admin, "/api/v1/admin/api-clients", body, key);
        var againBody = await again.Content.ReadAsStringAsync();
        var problem = await ProblemAssert.IsProblem(again, HttpStatusCode.Conflict);
        Assert.Multiple(async () =>
        {
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(ProblemTypes.ReplayWithheld));
            Assert.That(again.Headers.Location, Is.EqualTo(first.Headers.Location), "the replay names the client created");
            Assert.That(problem.GetProperty("location").GetString(), Is.EqualTo(first.Headers.Location!.ToString()));
            Assert.That(againBody, Does.Not.Contain(apiKey).And.Not.Contain("apiKey"), "the key is not shown again");
            Assert.That(await Scalar("SELECT COUNT(*) FROM api_clients;"), Is.EqualTo(clients), "the replay created nothing");
            // The key's public prefix (cak_ and 10 characters) is part of the client's record; its secret part is stored nowhere.
            var secret = apiKey[(apiKey.IndexOf('_', 4) + 1)..];
            Assert.That(await Scalar($"SELECT COUNT(*) FROM idempotency_keys WHERE response_json LIKE '%{secret}%' OR response_json LIKE '%apiKey%';"),
                Is.Zero, "the stored answer holds no key");
        });

        await ProblemAssert.IsProblem(await Post(admin, "/api/v1/admin/api-clients", body with { name = Marker("other system ") }, key),
            HttpStatusCode.UnprocessableEntity);
        // Keys are per caller: another admin's same key is theirs, and learns nothing about the first.
        var mic = await Post(As("mic.admin"), "/api/v1/admin/api-clients", body with { name = Marker("mic system ") }, key);
        Assert.That(mic.StatusCode, Is.EqualTo(HttpStatusCode.Created), await mic.Content.ReadAsStringAsync());
        Assert.That((await WithApiKey(apiKey).GetAsync(new Uri("/api/v1/regulations", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.OK),
            "the key shown once works");
    }

    [Test]
    public async Task A_replay_carries_the_etag_of_the_first_answer_as_stored_and_it_is_stale_once_the_record_changed()
    {
        var coordinator = As("mps.coordinator");
        var task = NewTask(title: Marker("Replayed ETag "));
        var key = $"etag-{Guid.NewGuid():N}";
        var first = await Post(coordinator, "/api/v1/tasks", task, key);
        var id = (await Json(first, HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var firstETag = first.Headers.ETag!.Tag;
        var edited = Edit(task);
        edited["titleEn"] = Marker("Edited ");
        var update = await Put(coordinator, $"/api/v1/tasks/{id}", edited, firstETag);
        Assert.That(update.StatusCode, Is.EqualTo(HttpStatusCode.OK), await update.Content.ReadAsStringAsync());
        Assert.That(update.Headers.ETag!.Tag, Is.Not.EqualTo(firstETag));

        var replay = await Post(coordinator, "/api/v1/tasks", task, key);
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(replay.Headers.ETag!.Tag, Is.EqualTo(firstETag), "the ETag of the representation replayed: the first one");
        await ProblemAssert.IsProblem(await Put(coordinator, $"/api/v1/tasks/{id}", edited, replay.Headers.ETag.Tag), HttpStatusCode.PreconditionFailed);

        // It comes from what was stored with the key, not from an assumption about new records.
        await Execute("UPDATE idempotency_keys SET etag = '\"77\"' WHERE idem_key = @Key;", new { Key = key });
        Assert.That((await Post(coordinator, "/api/v1/tasks", task, key)).Headers.ETag!.Tag, Is.EqualTo("\"77\""));
        // A result remembered before migration 0018 has none: its first answer carried the first row version.
        await Execute("UPDATE idempotency_keys SET etag = NULL WHERE idem_key = @Key;", new { Key = key });
        Assert.That((await Post(coordinator, "/api/v1/tasks", task, key)).Headers.ETag!.Tag, Is.EqualTo($"\"{Concurrency.FirstRowVersion}\""));
    }

    [Test]
    public async Task A_user_create_with_another_password_under_the_same_key_is_a_mismatch_and_the_password_is_stored_nowhere()
    {
        var admin = As("mps.admin");
        var username = Marker("idem.user");
        const string password = "Idempotent-Secret-91";
        object User(string secret) => new { username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = secret };
        var key = $"user-{Guid.NewGuid():N}";
        await Json(await Post(admin, "/api/v1/admin/users", User(password), key), HttpStatusCode.Created);
        var writes = await Scalar("SELECT COUNT(*) FROM audit_entries WHERE action NOT LIKE '%.read';");

        var other = await ProblemAssert.IsProblem(await Post(admin, "/api/v1/admin/users", User("Another-Secret-92"), key), HttpStatusCode.UnprocessableEntity);
        Assert.That(other.GetProperty("type").GetString(), Is.EqualTo(ProblemTypes.IdempotencyKeyReused));
        Assert.That((await Post(admin, "/api/v1/admin/users", User(password), key)).StatusCode, Is.EqualTo(HttpStatusCode.Created), "the same password replays");
        Assert.That(await Scalar("SELECT COUNT(*) FROM audit_entries WHERE action NOT LIKE '%.read';"), Is.EqualTo(writes), "neither created anything");
        Assert.That(await Scalar($"SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '{key}' AND (response_json LIKE '%{password}%' OR request_hash LIKE '%{password}%');"),
            Is.Zero, "the password is not in the stored request or answer");
        Assert.That(await Scalar($"SELECT COUNT(*) FROM audit_entries WHERE after_json LIKE '%{password}%' OR before_json LIKE '%{password}%';"), Is.Zero);
    }

    private static long DataVersion(SqliteConnection observer)
    {
        using var command = observer.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>A URL of the operation that routes: a value of each path parameter's type (the handler is never reached).</summary>
    private static string UrlOf(ApiOperation operation) => operation.InPath.Aggregate(operation.PathTemplate, (url, parameter) =>
        url.Replace("{" + parameter.Name + "}", parameter.Schema["enum"] is JsonArray { Count: > 0 } values ? values[0]!.GetValue<string>()
            : parameter.Schema["type"]?.GetValue<string>() == "integer" ? "1"
            : parameter.Schema["format"]?.GetValue<string>() == "uuid" ? Guid.Empty.ToString()
            : parameter.Name == "aknId" ? "chp_1" : "MPS", StringComparison.Ordinal));
}
