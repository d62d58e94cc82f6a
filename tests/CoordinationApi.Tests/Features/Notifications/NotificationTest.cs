using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CoordinationApi.Features.Notifications;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Notifications;

/// <summary>
/// A fixture whose API runs the <c>notifications</c> consumer with a short poll, and publishes events itself through a
/// write scope, as the handlers do (the handlers' own events are another part's). It knows the people of the demo data
/// (read once from the database) to work out, independently of the consumer's SQL, whom an event must reach.
/// </summary>
public abstract class NotificationTest(string provider, IDictionary<string, string?>? settings = null)
    : ApiTest(provider, new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Outbox:PollSeconds"] = "0.2" })
{
    protected IReadOnlyList<Person> People { get; private set; } = [];

    protected IReadOnlyList<TaskFacts> DemoTasks { get; private set; } = [];

    [OneTimeSetUp]
    public async Task ReadThePeople()
    {
        await using var connection = await Db.OpenAsync();
        People = (await connection.QueryAsync<Person>(
            "SELECT id AS Id, username AS Username, agency_id AS AgencyId, unit_id AS UnitId, roles AS Roles, clearance AS Clearance, active AS Active FROM users ORDER BY id"))
            .AsList();
        var tasks = (await connection.QueryAsync<TaskFacts>(
            "SELECT id AS Id, code AS Code, regulation_id AS RegulationId, classification AS Classification, lead_unit_id AS LeadUnitId, lead_agency_id AS LeadAgencyId FROM tasks WHERE is_demo = 1 ORDER BY id"))
            .AsList();
        var counterparts = (await connection.QueryAsync<(long TaskId, long UnitId, long AgencyId)>(
            "SELECT c.task_id, c.unit_id, u.agency_id FROM task_counterparts c JOIN units u ON u.id = c.unit_id")).AsList();
        var parties = (await connection.QueryAsync<(long RegulationId, long AgencyId)>("SELECT regulation_id, agency_id FROM regulation_parties")).AsList();
        Parties = [.. parties.Select(p => ((int)p.RegulationId, (int)p.AgencyId))];
        DemoTasks = [.. tasks.Select(t => t with
        {
            CounterpartUnitIds = [.. counterparts.Where(c => c.TaskId == t.Id).Select(c => (int)c.UnitId)],
            CounterpartAgencyIds = [.. counterparts.Where(c => c.TaskId == t.Id).Select(c => (int)c.AgencyId)],
        })];
    }

    protected HashSet<(int RegulationId, int AgencyId)> Parties { get; private set; } = [];

    protected DbConnectionFactory Db => Factory.Services.GetRequiredService<DbConnectionFactory>();

    /// <summary>
    /// For each classification, the demo task whose lead and counterpart units hold the most people (so that its events
    /// reach officers, viewers and auditors as well as coordinators).
    /// </summary>
    protected IReadOnlyList<TaskFacts> TaskPerClassification() =>
        [.. Enum.GetValues<Clearance>().Select(level => DemoTasks.Where(t => t.Classification == level)
            .OrderByDescending(t => People.Count(p => p.UnitId == t.LeadUnitId || t.CounterpartUnitIds.Contains(p.UnitId ?? 0))).ThenBy(t => t.Id).First())];

    /// <summary>Records events in one write, as a handler does (one commit, the consumers woken).</summary>
    protected async Task<List<StoredEvent>> Publish(AuditActor actor, params OutboxEvent[] events)
    {
        var writes = Factory.Services.GetRequiredService<WriteScopes>();
        await using var write = await writes.BeginAsync(actor, CancellationToken.None);
        var stored = new List<StoredEvent>();
        foreach (var change in events)
        {
            stored.Add((await write.PublishAsync(change))!);
        }

        await write.CommitAsync();
        return stored;
    }

    /// <summary>
    /// Records events in one write as the system, and waits until the consumer of <paramref name="factory"/>'s API has fanned
    /// them out (for tests of other features that need notifications to exist).
    /// </summary>
    public static async Task PublishAndFanOut(ApiFactory factory, params OutboxEvent[] events)
    {
        var writes = factory.Services.GetRequiredService<WriteScopes>();
        long last = 0;
        await using (var write = await writes.BeginAsync(AuditActor.System, CancellationToken.None))
        {
            foreach (var change in events)
            {
                last = (await write.PublishAsync(change))!.Id;
            }

            await write.CommitAsync();
        }

        await WaitForFanOut(factory, last);
    }

    /// <summary>The person as the actor of an event.</summary>
    protected static AuditActor ActorOf(Person person) =>
        new(AuthorKinds.User, person.Id.ToString(CultureInfo.InvariantCulture), person.Username, person.AgencyId, null, null);

    protected Person Named(string username) => People.Single(p => p.Username == username);

    /// <summary>Waits until the consumer's cursor has passed <paramref name="eventId"/>.</summary>
    protected Task WaitForFanOut(long eventId) => WaitForFanOut(Factory, eventId);

    /// <summary>Waits until the consumer of <paramref name="factory"/>'s API has passed <paramref name="eventId"/>.</summary>
    public static async Task WaitForFanOut(ApiFactory factory, long eventId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await Cursor(factory) < eventId)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), () => $"the notifications consumer did not reach event {eventId}.");
            await Task.Delay(100);
        }
    }

    protected Task<long> Cursor() => Cursor(Factory);

    private static async Task<long> Cursor(ApiFactory factory)
    {
        await using var connection = await factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<long?>(
            "SELECT last_event_id FROM outbox_cursors WHERE consumer = @Consumer", new { Consumer = NotificationFanOut.Consumer }) ?? 0;
    }

    /// <summary>Every notification a person's list shows (all pages).</summary>
    protected Task<List<JsonElement>> Notifications(string username, string query = "") =>
        GetAllPages(As(username), $"/api/v1/notifications?limit=200{query}");

    protected static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    protected static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(status), text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    protected static string Describe(IEnumerable<string> names) => new StringBuilder().AppendJoin(", ", names.Order(StringComparer.Ordinal)).ToString();

    /// <summary>A person of the database, as the oracle needs them.</summary>
    public sealed record Person
    {
        public int Id { get; init; }

        public string Username { get; init; } = "";

        public int AgencyId { get; init; }

        public int? UnitId { get; init; }

        public string Roles { get; init; } = "";

        public Clearance Clearance { get; init; }

        public bool Active { get; init; }

        public bool IsCoordinator => Roles.Split(',').Contains(CoordinationApi.Infrastructure.Security.Roles.Coordinator);
    }

    /// <summary>A task of the demo data, with its units.</summary>
    public sealed record TaskFacts
    {
        public int Id { get; init; }

        public string Code { get; init; } = "";

        public int RegulationId { get; init; }

        public Clearance Classification { get; init; }

        public int LeadUnitId { get; init; }

        public int LeadAgencyId { get; init; }

        public IReadOnlyList<int> CounterpartUnitIds { get; init; } = [];

        public IReadOnlyList<int> CounterpartAgencyIds { get; init; } = [];
    }
}
