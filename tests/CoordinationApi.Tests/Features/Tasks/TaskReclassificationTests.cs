using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Tasks;

/// <summary>
/// Changing a task's classification (up or down) and handing it to a unit of another agency are acts of the lead unit's
/// agency: the other party's coordinator, who may edit the task's other fields, can neither declassify it in two steps
/// (move the lead to their agency, then lower) nor raise it out of the lead agency's staff's reach. Every caller (each
/// agency's coordinator and officer) × every change × a task led by each agency.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class TaskReclassificationTests(string provider) : ApiTest(provider)
{
    private static readonly string[] Levels = ["unclassified", "confidential", "secret", "top-secret"];

    private static readonly string[] Callers = ["mps.coordinator", "mic.coordinator", "mps.officer", "mic.officer"];

    /// <summary>The change, the level the task starts at, the level asked for, and whether the lead moves to the other agency.</summary>
    private static readonly (string Name, string From, string To, bool Moves)[] Changes =
    [
        ("lead unit to the other agency", "confidential", "confidential", true),
        ("raise", "unclassified", "confidential", false),
        ("lower", "confidential", "unclassified", false),
        ("lead unit to the other agency and raise", "unclassified", "confidential", true),
        ("lead unit to the other agency and lower", "confidential", "unclassified", true),
    ];

    /// <summary>
    /// What each caller gets: the lead agency's coordinator may make every change, the other agency's coordinator none
    /// (403); an officer of the lead unit keeps what officers had (raise, no lower: 403, no new lead unit: 400); an
    /// officer of the other agency may not edit the task at all (403).
    /// </summary>
    private static HttpStatusCode Expected(string caller, string leadAgency, (string Name, string From, string To, bool Moves) change)
    {
        var ofLeadAgency = caller.StartsWith(leadAgency, StringComparison.Ordinal);
        if (caller.EndsWith(".coordinator", StringComparison.Ordinal))
        {
            return ofLeadAgency ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
        }

        if (!ofLeadAgency)
        {
            return HttpStatusCode.Forbidden;
        }

        var raises = Array.IndexOf(Levels, change.To) > Array.IndexOf(Levels, change.From);
        return change.Moves ? HttpStatusCode.BadRequest : raises ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
    }

    [Test]
    public async Task Only_the_lead_units_agency_changes_the_classification_or_hands_the_task_to_another_agency()
    {
        var failures = new List<string>();
        foreach (var (lead, other, leadAgency) in new[] { ("MPS-A05", "MIC-ATTT", "mps"), ("MIC-ATTT", "MPS-A05", "mic") })
        {
            foreach (var caller in Callers)
            {
                foreach (var change in Changes)
                {
                    var body = Body(change.From, lead, other);
                    var id = (await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                    var (_, etag) = await GetWithETag(As(caller), id);
                    body["classification"] = change.To;
                    if (change.Moves)
                    {
                        body["leadUnitCode"] = other;
                        body["counterpartUnitCodes"] = new[] { lead };
                    }

                    var response = await TaskApi.Put(As(caller), $"/api/v1/tasks/{id}", TaskApi.Edit(body), etag);

                    var expected = Expected(caller, leadAgency, change);
                    var context = $"{caller}, task led by {lead}: {change.Name} ({change.From} → {change.To})";
                    if (response.StatusCode != expected)
                    {
                        failures.Add($"{context}: {(int)response.StatusCode}, expected {(int)expected}");
                    }

                    if (expected != HttpStatusCode.OK)
                    {
                        await ProblemAssert.IsProblem(response, expected);
                    }

                    var (task, after) = await GetWithETag(As("mps.coordinator"), id);
                    var applied = expected == HttpStatusCode.OK;
                    Assert.That(task.GetProperty("classification").GetString(), Is.EqualTo(applied ? change.To : change.From), context);
                    Assert.That(task.GetProperty("leadUnit").GetProperty("code").GetString(), Is.EqualTo(applied && change.Moves ? other : lead), context);
                    Assert.That(after, applied ? Is.Not.EqualTo(etag) : Is.EqualTo(etag), $"{context}: a refused edit changes nothing");
                }
            }
        }

        Assert.That(failures, Is.Empty);
    }

    /// <summary>The tester's two steps: the other agency's coordinator takes the lead of a secret task, then lowers it.</summary>
    [Test]
    public async Task The_other_agencys_coordinator_cannot_declassify_in_two_steps()
    {
        var body = Body("secret", "MPS-A05", "MIC-ATTT");
        var id = (await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var (_, etag) = await GetWithETag(As("mic.coordinator"), id);
        body["leadUnitCode"] = "MIC-ATTT";
        body["counterpartUnitCodes"] = new[] { "MPS-KTNV" };

        await ProblemAssert.IsProblem(await TaskApi.Put(As("mic.coordinator"), $"/api/v1/tasks/{id}", TaskApi.Edit(body), etag), HttpStatusCode.Forbidden);
        body["classification"] = "unclassified";
        await ProblemAssert.IsProblem(await TaskApi.Put(As("mic.coordinator"), $"/api/v1/tasks/{id}", TaskApi.Edit(body), etag), HttpStatusCode.Forbidden);

        var (task, after) = await GetWithETag(As("mps.coordinator"), id);
        Assert.That(task.GetProperty("classification").GetString(), Is.EqualTo("secret"));
        Assert.That(task.GetProperty("leadUnit").GetProperty("code").GetString(), Is.EqualTo("MPS-A05"));
        Assert.That(after, Is.EqualTo(etag));
    }

    private static Dictionary<string, object?> Body(string classification, string lead, string counterpart) => new()
    {
        ["regulationId"] = 1, ["titleVi"] = "Nhiệm vụ", ["titleEn"] = "Task", ["descriptionVi"] = "Nội dung",
        ["descriptionEn"] = "Content", ["citations"] = new[] { new { aknId = "chp_2__art_4__para_1", versionId = (int?)null } },
        ["leadUnitCode"] = lead, ["counterpartUnitCodes"] = new[] { counterpart }, ["contacts"] = Array.Empty<object>(),
        ["classification"] = classification, ["kind"] = "one_off", ["recurrence"] = null, ["planYear"] = 2026,
        ["startDate"] = "2026-01-10", ["dueDate"] = "2026-12-20", ["priority"] = "high",
    };

    private static async Task<(JsonElement Body, string ETag)> GetWithETag(HttpClient client, int id)
    {
        var response = await client.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative));
        return (await TaskApi.Json(response, HttpStatusCode.OK), response.Headers.ETag!.ToString());
    }
}
