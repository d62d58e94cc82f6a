using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using CsCheck;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Robustness.HostileInput;

/// <summary>
/// Property: whatever arrives — for any operation of the app's own OpenAPI document — the answer is a success or a
/// problem document with a status that operation documents, never a 5xx; and a rejected request changes nothing in
/// the database (SQLite's <c>data_version</c>, read on a connection of its own, moves with every commit of any other
/// connection). Fixed seed by default; <c>HOSTILE_SEED=random</c> (or a number) and <c>HOSTILE_REQUESTS=N</c> choose
/// another run. A failure names the run's seed, the case's CsCheck seed, the request, and the smallest failing request
/// CsCheck shrank it to.
/// </summary>
[Category("HostileInput")]
public sealed class HostileInputTests() : ApiTest("Sqlite", OutboxOff)
{
    private const int DefaultSeed = 20211124;
    private const int DefaultRequests = 10_000;
    private static readonly string[] FuzzingUsers = ["mps.admin", "mps.coordinator", "mic.coordinator", "mps.officer", "mic.viewer", "mps.registry_admin"];

    private readonly Dictionary<string, HttpClient> callers = [];
    private readonly Dictionary<string, Dictionary<int, int>> statusesByOperation = [];
    private OpenApiOperations api = null!;
    private HostileRequests requests = null!;
    private SqliteConnection observer = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();
        api = new OpenApiOperations(document);
        foreach (var user in FuzzingUsers)
        {
            callers[user] = As(user);
        }

        // Every scope: more than any demo admin may grant, so provisioned as the seed would.
        var (clientId, key) = await ProvisionApiKey("MPS", "secret", Scopes.All);
        callers["api-key"] = WithApiKey(key);
        callers["anonymous"] = Anonymous;

        // Besides the demo's records, tasks made here, so every task operation has ids to start from whatever the seed holds.
        var coordinator = As("mps.coordinator");
        await Tasks.TaskApi.Create(coordinator, Tasks.TaskApi.NewTask(title: "Hostile input: a recurring draft", kind: "recurring", recurrence: "quarterly"));
        await Tasks.TaskApi.Create(coordinator, Tasks.TaskApi.NewTask(title: "Hostile input: in progress", classification: "confidential"), "in_progress", As("mps.officer"));

        // A comment on the first task and the first review listed, so the comment operations have ids to start from.
        foreach (var (list, thread) in new[] { ("/api/v1/tasks?limit=1", "tasks"), ("/api/v1/reviews?limit=1", "reviews") })
        {
            var first = (await GetElement("mps.coordinator", list)).GetProperty("items")[0].GetProperty("id").GetInt32();
            await Tasks.TaskApi.Json(await Tasks.TaskApi.Post(coordinator, $"/api/v1/{thread}/{first}/comments", new { body = "Hostile input: a comment" }),
                System.Net.HttpStatusCode.Created);
        }

        // A webhook subscription of the fuzzing system with a delivery, so the webhook operations have ids to start from.
        var subscription = await callers["api-key"].PostAsJsonAsync(new Uri("/api/v1/webhooks/subscriptions", UriKind.Relative),
            new { url = "https://receiver.example.org/hostile", kinds = new[] { "plan.adopted" } });
        Assert.That(subscription.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Created), await subscription.Content.ReadAsStringAsync());
        var writes = Factory.Services.GetRequiredService<CoordinationApi.Infrastructure.Data.WriteScopes>();
        await using (var write = await writes.BeginAsync(CoordinationApi.Infrastructure.Audit.AuditActor.System, CancellationToken.None))
        {
            // With the workers off, the delivery is written as the consumer would write it.
            var stored = await CoordinationApi.Infrastructure.Events.EventOutbox.PublishAsync(write, new CoordinationApi.Infrastructure.Events.OutboxEvent(
                "plan.adopted", CoordinationApi.Infrastructure.Security.Clearance.Unclassified, new { regulationId = 1 }, RegulationId: 1));
            await Dapper.SqlMapper.ExecuteAsync(write.Connection, """
                INSERT INTO webhook_deliveries (subscription_id, event_id, order_key, status, attempts, next_attempt_at, created_at)
                VALUES (@Subscription, @Event, @Key, 'pending', 0, @Now, @Now);
                """, new
            {
                Subscription = JsonDocument.Parse(await subscription.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32(),
                Event = stored!.Id, Key = $"event:{stored.Id}", write.Now,
            }, write.Transaction);
            await write.CommitAsync();
        }

        var demo = await DemoValues.ReadAsync(GetElement, FuzzingUsers.ToHashSet(), clientId.ToString());
        requests = new HostileRequests(api, demo);
        observer = new SqliteConnection(Factory.ConnectionString + ";Pooling=False");
        observer.Open();
    }

    [OneTimeTearDown]
    public void Close() => observer?.Dispose();

    [Test]
    public void Every_operation_answers_hostile_input_with_a_documented_status_and_a_rejection_changes_nothing()
    {
        var (seed, count) = Run();
        TestContext.Out.WriteLine($"Hostile input: run seed {seed}, {count} requests over {api.Operations.Count} operations "
            + "(HOSTILE_SEED=<n>|random, HOSTILE_REQUESTS=<n> to change).");
        var master = new Random(seed);
        var failures = new List<(string Kind, string CaseSeed, string Text)>();
        for (var i = 0; i < count; i++)
        {
            var pcg = new PCG((uint)(i & 0x7fffffff), (ulong)master.NextInt64());
            var caseSeed = pcg.ToString(pcg.State);
            var request = requests.All.Generate(pcg, null, out _);
            if (Check(request) is { } failure)
            {
                failures.Add((failure.Kind, caseSeed, $"request #{i + 1} (CsCheck seed \"{caseSeed}\"):\n{failure.Text}"));
            }
        }

        TestContext.Out.WriteLine(Summary());
        if (failures.Count > 0)
        {
            // One example of each kind of failure, and the first one shrunk.
            var kinds = failures.GroupBy(f => f.Kind).Select(g => $"{g.Count()} × {g.Key}, e.g. {g.First().Text}");
            Assert.Fail($"Run seed {seed}: {failures.Count} of {count} requests failed.\n\n{string.Join("\n\n", kinds)}\n\n{Shrink(failures[0].CaseSeed)}");
        }

        var least = api.Operations.Min(o => statusesByOperation.TryGetValue(o.Name, out var s) ? s.Values.Sum() : 0);
        Assert.That(least, Is.GreaterThanOrEqualTo(count / api.Operations.Count / 3), "every operation of the document gets its share of requests");
        var verify = GetElement("mps.admin", "/api/v1/audit/verify").GetAwaiter().GetResult();
        Assert.That(verify.GetProperty("valid").GetBoolean(), Is.True, $"audit chain after the run: {verify}");
    }

    [Test]
    public void Every_operation_of_the_document_has_a_generator()
    {
        Assert.That(api.Operations, Has.Count.GreaterThanOrEqualTo(60));
        var generated = api.Operations.ToDictionary(o => o.Name, _ => 0);
        var pcg = new PCG(7, 7);
        for (var i = 0; i < api.Operations.Count * 40; i++)
        {
            generated[requests.All.Generate(pcg, null, out _).Operation.Name]++;
        }

        Assert.That(generated.Where(g => g.Value == 0).Select(g => g.Key), Is.Empty, "operations never generated");
    }

    private static (int Seed, int Count) Run()
    {
        var seedText = Environment.GetEnvironmentVariable("HOSTILE_SEED");
        var seed = seedText switch
        {
            null or "" => DefaultSeed,
            "random" => Random.Shared.Next(),
            _ => int.Parse(seedText, CultureInfo.InvariantCulture),
        };
        var count = int.TryParse(Environment.GetEnvironmentVariable("HOSTILE_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : DefaultRequests;
        return (seed, count);
    }

    /// <summary>Reruns from the failing case's seed and lets CsCheck look for a smaller request that still fails.</summary>
    private string Shrink(string caseSeed)
    {
        try
        {
            requests.All.Sample(request =>
            {
                if (Check(request) is { } failure)
                {
                    throw new AssertionException(failure.Text);
                }
            }, seed: caseSeed, iter: 400, threads: 1, print: r => r.Describe());
            return "(the case passed when run again: the failure depends on earlier requests)";
        }
        catch (CsCheckException shrunk)
        {
            return $"Shrunk by CsCheck: {shrunk.Message}\n{shrunk.InnerException?.Message}";
        }
    }

    /// <summary>Sends the request; null when the answer is acceptable, otherwise what is wrong with it.</summary>
    private (string Kind, string Text)? Check(HostileRequest request)
    {
        var client = callers[request.Caller];
        var ifMatch = request.FreshIfMatch ? CurrentETag(client, request.PathAndQuery) : null;
        var before = DataVersion();
        using var message = new HttpRequestMessage(new HttpMethod(request.Operation.Method), new Uri(request.PathAndQuery, UriKind.Relative));
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (ifMatch is not null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        int status;
        string body;
        string? mediaType;
        try
        {
            using var response = client.SendAsync(message).GetAwaiter().GetResult();
            status = (int)response.StatusCode;
            mediaType = response.Content.Headers.ContentType?.MediaType;
            body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException)
        {
            return ($"{request.Operation.Name}: {exception.GetType().Name}", $"{request.Describe()}\n-> the request failed: {exception}\n{ServerErrors()}");
        }

        Count(request.Operation, status);
        var answer = $"{request.Describe()}\n-> {status} {mediaType}: {Clip(body)}";
        if (status >= 500)
        {
            var errors = ServerErrors();
            Factory.Logs.Clear();
            return ($"{request.Operation.Name}: {status} {FirstLine(errors)}", $"{answer}\n(a 5xx)\n{errors}");
        }

        if (!request.Operation.DocumentedStatuses.Contains(status))
        {
            return ($"{request.Operation.Name}: undocumented {status}", $"{answer}\n(status {status} is not among those the document gives for "
                + $"{request.Operation.OperationId}: {string.Join(", ", request.Operation.DocumentedStatuses.Order())})");
        }

        if (status < 400)
        {
            return null;
        }

        if (ProblemFault(status, mediaType, body) is { } fault)
        {
            return ($"{request.Operation.Name}: {fault}", $"{answer}\n({fault})");
        }

        // Failed sign-ins are counted against the account on purpose (lockout); nothing else may write when it refuses.
        var recordsRejection = request.Operation.OperationId == "CreateToken" && status == 401;
        return !recordsRejection && DataVersion() != before
            ? ($"{request.Operation.Name}: {status} changed the database", $"{answer}\n(the request was refused, yet the database changed)")
            : null;
    }

    private static string? ProblemFault(int status, string? mediaType, string body)
    {
        if (mediaType != "application/problem+json")
        {
            return $"a {status} must be application/problem+json";
        }

        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            return !(problem.TryGetProperty("status", out var s) && s.GetInt32() == status
                && problem.TryGetProperty("title", out var t) && !string.IsNullOrWhiteSpace(t.GetString()))
                ? "the problem document lacks its status or title"
                : !(problem.TryGetProperty("type", out var type) && ProblemAssert.DocumentedTypes.Contains(type.GetString() ?? ""))
                ? "the problem document lacks a type the README documents"
                : status == 400 && !(problem.TryGetProperty("errors", out var errors) && errors.EnumerateObject().Any())
                ? "a 400 lacks its field errors"
                : ((string[])["Nullable<", "System.", "Int32", "CoordinationApi."]).FirstOrDefault(body.Contains) is { } dotNet
                ? $"the problem names the .NET type {dotNet}"
                : null;
        }
        catch (JsonException)
        {
            return "the problem document is not JSON";
        }
    }

    /// <summary>The resource's ETag now: the path itself for PUT/DELETE, the version for a publish.</summary>
    private static string? CurrentETag(HttpClient client, string pathAndQuery)
    {
        var path = pathAndQuery.Split('?')[0];
        if (path.EndsWith("/publish", StringComparison.Ordinal))
        {
            path = path[..^"/publish".Length];
        }

        using var response = client.GetAsync(new Uri(path, UriKind.Relative)).GetAwaiter().GetResult();
        return response.Headers.ETag?.ToString();
    }

    private long DataVersion()
    {
        using var command = observer.CreateCommand();
        command.CommandText = "PRAGMA data_version;";
        return (long)command.ExecuteScalar()!;
    }

    private void Count(ApiOperation operation, int status)
    {
        var statuses = statusesByOperation.TryGetValue(operation.Name, out var s) ? s : statusesByOperation[operation.Name] = [];
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
    }

    private string Summary()
    {
        var text = new StringBuilder("Requests per operation, by status:\n");
        foreach (var (name, statuses) in statusesByOperation.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {name,-80} {string.Join("  ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}\n");
        }

        return text.ToString();
    }

    private async Task<JsonElement> GetElement(string caller, string url)
    {
        var response = await callers[caller].GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, $"GET {url} as {caller}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0];
        return line.Length <= 160 ? line : line[..160];
    }

    private static string Clip(string value) => value.Length <= 800 ? value : $"{value[..800]}… ({value.Length} chars)";
}
