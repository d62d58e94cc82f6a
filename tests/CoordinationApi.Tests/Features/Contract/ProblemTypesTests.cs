using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// One list of problem kinds (<see cref="ProblemTypes.Kinds"/>): the README's table says exactly the same, row by row, and
/// every kind a client can cause is caused here through HTTP and answered with its own type and status.
/// </summary>
public sealed partial class ProblemTypesTests() : ApiTest("Sqlite")
{
    /// <summary>Kinds not caused by this fixture, and where they are (or why they cannot be).</summary>
    private static readonly Dictionary<string, string> NotCausedHere = new()
    {
        ["rate-limited"] = "RateLimitHeaderTests exhausts a small allowance (this fixture's is large) and checks the type",
        ["unavailable"] = "DatabaseFaultTests takes the database away under a running API",
        ["concurrent-change"] = "two writers racing on one unique key or reference; no single client causes it deterministically",
        ["unexpected"] = "a fault of the API; no request is meant to cause one",
        ["other"] = "no other status is answered",
    };

    [Test]
    public void The_readme_table_lists_exactly_the_kinds_of_the_code_in_the_same_order()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var rows = Row().Matches(readme).Select(m => (m.Groups["name"].Value, m.Groups["status"].Value, m.Groups["when"].Value)).ToList();
        var kinds = ProblemTypes.Kinds.Select(k => (k.Name, k.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any other", k.When)).ToList();
        Assert.That(rows, Is.EqualTo(kinds));
        Assert.That(readme, Does.Contain($"identifiers under `{ProblemTypes.Base}`"));
        Assert.That(ProblemTypes.Kinds.Select(k => k.Name), Is.Unique);
    }

    [Test]
    public async Task Every_kind_a_client_can_cause_is_answered_with_its_own_type()
    {
        var triggers = Triggers();
        Assert.Multiple(() =>
        {
            Assert.That(triggers.Keys.Concat(NotCausedHere.Keys), Is.EquivalentTo(ProblemTypes.Kinds.Select(k => k.Name)), "every kind is caused here or accounted for");
            Assert.That(triggers.Keys.Intersect(NotCausedHere.Keys), Is.Empty);
        });
        foreach (var kind in ProblemTypes.Kinds.Where(k => triggers.ContainsKey(k.Name)))
        {
            var response = await triggers[kind.Name]();
            var problem = await ProblemAssert.IsProblem(response, (HttpStatusCode)kind.Status!.Value);
            Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo(kind.Type), kind.Name);
            if (kind.Status == 400)
            {
                Assert.That(problem.TryGetProperty("errors", out _), Is.True, $"{kind.Name}: a 400 carries errors");
            }
        }
    }

    private Dictionary<string, Func<Task<HttpResponseMessage>>> Triggers()
    {
        var coordinator = As("mps.coordinator");
        var admin = As("mps.admin");
        Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, HttpContent? content = null, Action<HttpRequestHeaders>? headers = null)
        {
            var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
            headers?.Invoke(request.Headers);
            return client.SendAsync(request);
        }

        async Task<(int Id, object Body)> NewTaskAsync()
        {
            var body = NewTask(title: Marker("Problem kinds "));
            return ((await Json(await Post(coordinator, "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32(), body);
        }

        return new()
        {
            ["validation"] = () => coordinator.GetAsync(new Uri("/api/v1/tasks?regulationId=1&dueFrom=tomorrow", UriKind.Relative)),
            ["malformed-json"] = () => Send(coordinator, HttpMethod.Post, "/api/v1/tasks", new StringContent("{\"titleEn\": ", Encoding.UTF8, "application/json")),
            ["unknown-field"] = () => Send(coordinator, HttpMethod.Post, "/api/v1/tasks", new StringContent("{\"foo\": 1}", Encoding.UTF8, "application/json")),
            ["unauthenticated"] = () => Anonymous.GetAsync(new Uri("/api/v1/tasks", UriKind.Relative)),
            ["forbidden"] = () => Post(As("mps.viewer"), "/api/v1/tasks", NewTask()),
            ["not-found"] = () => coordinator.GetAsync(new Uri("/api/v1/tasks/99999999", UriKind.Relative)),
            ["method-not-allowed"] = () => Send(coordinator, HttpMethod.Delete, "/api/v1/agencies"),
            ["not-acceptable"] = () => Send(coordinator, HttpMethod.Get, "/api/v1/exports/units", headers: h => h.Accept.ParseAdd("image/png")),
            ["conflict"] = async () =>
            {
                await Post(coordinator, "/api/v1/regulations/1/versions", new { note = "Problem kinds draft" });
                return await Post(coordinator, "/api/v1/regulations/1/versions", new { note = "A second draft" });
            },
            ["name-taken"] = () => Post(admin, "/api/v1/admin/users",
                new { username = "mps.viewer", displayName = "Another viewer", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = "Correct-Horse-1" }),
            ["replay-withheld"] = async () =>
            {
                var key = $"kinds-{Guid.NewGuid():N}";
                var body = new { name = Marker("kinds system "), scopes = new[] { "regulations:read" }, clearance = "unclassified" };
                await Json(await Post(admin, "/api/v1/admin/api-clients", body, key), HttpStatusCode.Created);
                return await Post(admin, "/api/v1/admin/api-clients", body, key);
            },
            ["precondition-failed"] = async () =>
            {
                var (id, body) = await NewTaskAsync();
                return await Put(coordinator, $"/api/v1/tasks/{id}", Edit(body), "\"999\"");
            },
            ["payload-too-large"] = () => Send(coordinator, HttpMethod.Post, "/api/v1/tasks",
                new StringContent($"{{\"titleEn\": \"{new string('x', 1_100_000)}\"}}", Encoding.UTF8, "application/json")),
            ["uri-too-long"] = () => Send(coordinator, HttpMethod.Get, $"/api/v1/search?q={new string('q', 20_000)}"),
            ["headers-too-large"] = () => Send(coordinator, HttpMethod.Get, "/api/v1/tasks", headers: h => h.TryAddWithoutValidation("X-Padding", new string('h', 40 * 1024))),
            ["unsupported-media-type"] = () => Send(coordinator, HttpMethod.Post, "/api/v1/tasks", new StringContent("title", Encoding.UTF8, "text/plain")),
            ["idempotency-key-reused"] = async () =>
            {
                var key = $"kinds-{Guid.NewGuid():N}";
                await Json(await Post(coordinator, "/api/v1/tasks", NewTask(title: Marker("Kinds key ")), key), HttpStatusCode.Created);
                return await Post(coordinator, "/api/v1/tasks", NewTask(title: Marker("Kinds other ")), key);
            },
            ["precondition-required"] = async () =>
            {
                var (id, body) = await NewTaskAsync();
                return await Put(coordinator, $"/api/v1/tasks/{id}", Edit(body), null);
            },
        };
    }

    [GeneratedRegex(@"^\| `(?<name>[a-z-]+)` \| (?<status>[0-9]+|any other) \| (?<when>.*) \|$", RegexOptions.Multiline)]
    private static partial Regex Row();
}
