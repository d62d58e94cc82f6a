using System.Net;
using System.Text.Json;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Tasks;

/// <summary>
/// Declassification is an act of a coordinator of the lead unit's agency, open only to one cleared for the task's level,
/// audited on its own; the task's history keeps what was written while it was classified higher from callers cleared only
/// for its new level.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DeclassificationTests(string provider) : ApiTest(provider)
{
    private static readonly string[] Levels = ["unclassified", "confidential", "secret", "top-secret"];

    /// <summary>MPS users from unclassified to top secret, by level.</summary>
    private static readonly string[] Readers = ["mps.viewer", "mps.auditor", "mps.officer", "mps.coordinator"];

    /// <summary>Every field of an edit but the classification, with another valid value and the name its change has in the history (null: not recorded there).</summary>
    private static readonly Dictionary<string, (object? Value, string? HistoryName)> Edits = new()
    {
        ["titleVi"] = ("Tiêu đề mật đã sửa", "titleVi"),
        ["titleEn"] = ("Classified title, edited", "titleEn"),
        ["descriptionVi"] = ("Mô tả mật", "descriptionVi"),
        ["descriptionEn"] = ("Classified description", "descriptionEn"),
        ["citations"] = (new[] { new { aknId = "chp_2__art_4__para_3", versionId = (int?)null } }, "citations"),
        ["leadUnitCode"] = ("MPS-CNTT", "leadUnit"),
        ["counterpartUnitCodes"] = (new[] { "MIC-BC" }, "counterpartUnits"),
        ["contacts"] = (new[] { new { name = "Trần Thị B", unitCode = "MPS-CNTT", phone = "024 1111 111", email = (string?)null } }, null),
        ["kind"] = ("recurring", "kind"),
        ["recurrence"] = ("monthly", "recurrence"),
        ["planYear"] = (2027, "planYear"),
        ["startDate"] = ("2026-02-01", "startDate"),
        ["dueDate"] = ("2026-11-30", "dueDate"),
        ["priority"] = ("urgent", "priority"),
    };

    [Test]
    public void Every_editable_field_is_enumerated()
    {
        var fields = typeof(UpdateTaskRequest).GetProperties().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Where(n => n != "classification");
        Assert.That(Edits.Keys, Is.EquivalentTo(fields));
    }

    /// <summary>
    /// For every level a task can be lowered from and to: each field edited while it was classified, a transition with a
    /// comment, then the declassification; every reader from the new level up reads the history.
    /// </summary>
    [Test]
    public async Task After_a_declassification_callers_below_the_original_level_see_that_changes_happened_but_not_their_values()
    {
        var coordinator = As("mps.coordinator");
        for (var original = 1; original < Levels.Length; original++)
        {
            for (var lowered = 0; lowered < original; lowered++)
            {
                var body = Body(Levels[original]);
                var id = (await TaskApi.Json(await TaskApi.Post(coordinator, "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                foreach (var (field, (value, _)) in Edits)
                {
                    body[field] = value;
                    if (field == "kind")
                    {
                        body["recurrence"] = "quarterly"; // a recurring task needs one; the next edit changes it
                    }

                    await Put(coordinator, id, body, HttpStatusCode.OK);
                }

                await TaskApi.Json(await TaskApi.Transition(coordinator, id, "assigned", "Nhận xét mật"), HttpStatusCode.OK);
                await StartAsTheLeadUnitWould(id);
                await TaskApi.Json(await TaskApi.Post(coordinator, $"/api/v1/tasks/{id}/reports", new
                {
                    reportDate = "2026-03-01", percent = 40, narrative = "Báo cáo mật", reportingUnitCode = "MPS-CNTT",
                    attachmentName = "bao-cao-mat.pdf", attachmentBytes = 1024,
                }), HttpStatusCode.Created);
                body["classification"] = Levels[lowered];
                var declassified = await Put(coordinator, id, body, HttpStatusCode.OK);
                Assert.That(declassified.GetProperty("classification").GetString(), Is.EqualTo(Levels[lowered]));
                Assert.That(await DeclassificationAudit(id), Is.EqualTo(new[] { original }), "audited once, at the original level");

                for (var reader = 0; reader < Readers.Length; reader++)
                {
                    var response = await As(Readers[reader]).GetAsync(new Uri($"/api/v1/tasks/{id}/history", UriKind.Relative));
                    var context = $"{Levels[original]} → {Levels[lowered]}, read by {Readers[reader]}";
                    if (reader < lowered)
                    {
                        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), context);
                        continue;
                    }

                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), context);
                    var entries = await GetAllPages(As(Readers[reader]), $"/api/v1/tasks/{id}/history?limit=200");
                    Assert.That(entries.Select(e => e.GetProperty("kind").GetString()),
                        Is.EqualTo(new[] { "created" }.Concat(Edits.Select(_ => "edited")).Concat(["transition", "report", "edited"])), context);
                    var report = (await GetAllPages(As(Readers[reader]), $"/api/v1/tasks/{id}/reports")).Single();
                    Assert.That(report.GetProperty("percent").GetInt32(), Is.EqualTo(40), $"{context}: that a report was made shows");
                    Assert.That(report.GetProperty("redacted").GetBoolean(), Is.EqualTo(reader < original), $"{context}: report");
                    Assert.That(report.GetProperty("narrative").GetString(), Is.EqualTo(reader < original ? "" : "Báo cáo mật"), $"{context}: report");
                    Assert.That(report.GetProperty("attachmentName").GetString(), Is.EqualTo(reader < original ? null : "bao-cao-mat.pdf"), $"{context}: report");
                    var edits = entries.Skip(1).Take(Edits.Count).ToList();
                    var lastEdit = entries[^1];
                    if (reader < original)
                    {
                        Assert.That(entries, Is.All.Matches<JsonElement>(e => e.GetProperty("redacted").GetBoolean()
                            && e.GetProperty("comment").ValueKind == JsonValueKind.Null && e.GetProperty("changes").ValueKind == JsonValueKind.Null), context);
                        Assert.That(entries.Select(e => e.GetRawText()), Has.None.Contains("mật").And.None.Contains("Classified"), context);
                        continue;
                    }

                    Assert.That(entries.Select(e => e.GetProperty("redacted").GetBoolean()), Is.All.False, context);
                    foreach (var ((field, (_, historyName)), entry) in Edits.Zip(edits))
                    {
                        var changes = entry.GetProperty("changes");
                        Assert.That(historyName is null || changes.TryGetProperty(historyName, out _), Is.True, $"{context}: {field}");
                    }

                    Assert.That(entries.First(e => e.GetProperty("kind").GetString() == "transition").GetProperty("comment").GetString(), Is.EqualTo("Nhận xét mật"), context);
                    Assert.That(lastEdit.GetProperty("changes").GetProperty("classification")[0].GetString(), Is.EqualTo(Levels[original]), context);
                }
            }
        }
    }

    [Test]
    public async Task An_officer_who_may_edit_the_task_may_not_lower_its_classification()
    {
        var body = Body("secret");
        var id = (await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var officer = As("mps.officer");
        var task = await GetJson<JsonElement>(officer, $"/api/v1/tasks/{id}");
        Assert.That(task.GetProperty("mayEdit").GetBoolean(), Is.True, "an officer of the lead unit edits the task");

        foreach (var level in new[] { "confidential", "unclassified" })
        {
            body["classification"] = level;
            var (_, etag) = await GetWithETag(officer, id);
            await ProblemAssert.IsProblem(await TaskApi.Put(officer, $"/api/v1/tasks/{id}", TaskApi.Edit(body), etag), HttpStatusCode.Forbidden);
        }

        body["classification"] = "secret";
        body["titleEn"] = "Edited by the officer";
        var edited = await Put(officer, id, body, HttpStatusCode.OK);
        Assert.That(edited.GetProperty("classification").GetString(), Is.EqualTo("secret"), "other edits stay open to the officer");
        Assert.That(await DeclassificationAudit(id), Is.Empty);
    }

    [Test]
    public async Task A_coordinator_not_cleared_for_the_original_level_may_not_lower_it()
    {
        // mic.coordinator is cleared for secret: a top-secret task does not exist for them, so neither does lowering it.
        var body = Body("top-secret");
        var id = (await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var (_, etag) = await GetWithETag(As("mps.coordinator"), id);
        body["classification"] = "secret";

        var response = await TaskApi.Put(As("mic.coordinator"), $"/api/v1/tasks/{id}", TaskApi.Edit(body), etag);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var task = await GetJson<JsonElement>(As("mps.coordinator"), $"/api/v1/tasks/{id}");
        Assert.That(task.GetProperty("classification").GetString(), Is.EqualTo("top-secret"), "nothing changed");
        Assert.That(await DeclassificationAudit(id), Is.Empty);
    }

    /// <summary>
    /// Every coordinator of either party, on a secret task led by each party: only the lead unit's agency's coordinator
    /// lowers it; the other party's coordinator (cleared for secret, who may edit the task) gets 403 and nothing changes.
    /// </summary>
    [Test]
    public async Task Only_a_coordinator_of_the_lead_units_agency_may_lower_the_classification()
    {
        foreach (var (lead, counterpart, leadAgency) in new[] { ("MPS-A05", "MIC-ATTT", "mps"), ("MIC-ATTT", "MPS-A05", "mic") })
        {
            foreach (var coordinator in new[] { "mps.coordinator", "mic.coordinator" })
            {
                var body = Body("secret");
                body["leadUnitCode"] = lead;
                body["counterpartUnitCodes"] = new[] { counterpart };
                var id = (await TaskApi.Json(await TaskApi.Post(As("mps.coordinator"), "/api/v1/tasks", body), HttpStatusCode.Created)).GetProperty("id").GetInt32();
                var context = $"{coordinator} on a task led by {lead}";
                Assert.That((await GetJson<JsonElement>(As(coordinator), $"/api/v1/tasks/{id}")).GetProperty("mayEdit").GetBoolean(), Is.True, context);
                body["classification"] = "unclassified";
                var (_, etag) = await GetWithETag(As(coordinator), id);

                var response = await TaskApi.Put(As(coordinator), $"/api/v1/tasks/{id}", TaskApi.Edit(body), etag);

                var mayLower = coordinator.StartsWith(leadAgency, StringComparison.Ordinal);
                if (mayLower)
                {
                    await TaskApi.Json(response, HttpStatusCode.OK);
                }
                else
                {
                    await ProblemAssert.IsProblem(response, HttpStatusCode.Forbidden);
                }

                var (task, after) = await GetWithETag(As("mps.coordinator"), id);
                Assert.That(task.GetProperty("classification").GetString(), Is.EqualTo(mayLower ? "unclassified" : "secret"), context);
                Assert.That(after, mayLower ? Is.Not.EqualTo(etag) : Is.EqualTo(etag), $"{context}: nothing else changed either");
                Assert.That(await DeclassificationAudit(id), Is.EqualTo(mayLower ? new[] { 2 } : Array.Empty<int>()), context);
            }
        }
    }

    [Test]
    public void The_rule_itself_asks_for_a_coordinator_of_the_lead_agency_cleared_for_the_original_level()
    {
        foreach (var (user, roles, clearance) in new[]
        {
            ("officer", new[] { "officer" }, 3), ("coordinator", new[] { "coordinator" }, 1), ("coordinator", new[] { "coordinator" }, 2),
            ("coordinator", new[] { "coordinator" }, 3),
        })
        {
            foreach (var leadAgencyId in new[] { 1, 2 })
            {
                var caller = CallerFor(roles, clearance);
                Assert.That(TaskRules.MayDeclassify(caller, 2, leadAgencyId), Is.EqualTo(roles.Contains("coordinator") && clearance >= 2 && leadAgencyId == caller.AgencyId),
                    $"{user} of agency {caller.AgencyId} cleared {clearance}, task led by agency {leadAgencyId}");
            }
        }
    }

    private static CoordinationApi.Infrastructure.Security.Caller CallerFor(string[] roles, int clearance) => new()
    {
        Kind = CoordinationApi.Infrastructure.Security.CallerKind.User, Id = "1", Name = "someone", DisplayName = "Someone", AgencyId = 1,
        AgencyCode = "MPS", Roles = roles.ToHashSet(), Scopes = new HashSet<string>(), Clearance = (CoordinationApi.Infrastructure.Security.Clearance)clearance,
    };

    private static Dictionary<string, object?> Body(string classification) => new()
    {
        ["regulationId"] = 1, ["titleVi"] = "Nhiệm vụ mật", ["titleEn"] = "Classified task", ["descriptionVi"] = "Nội dung mật",
        ["descriptionEn"] = "Classified content", ["citations"] = new[] { new { aknId = "chp_2__art_4__para_1", versionId = (int?)null } },
        ["leadUnitCode"] = "MPS-A05", ["counterpartUnitCodes"] = new[] { "MIC-ATTT" }, ["contacts"] = Array.Empty<object>(),
        ["classification"] = classification, ["kind"] = "one_off", ["recurrence"] = null, ["planYear"] = 2026,
        ["startDate"] = "2026-01-10", ["dueDate"] = "2026-12-20", ["priority"] = "high",
    };

    private static async Task<(JsonElement Body, string ETag)> GetWithETag(HttpClient client, int id)
    {
        var response = await client.GetAsync(new Uri($"/api/v1/tasks/{id}", UriKind.Relative));
        return (await TaskApi.Json(response, HttpStatusCode.OK), response.Headers.ETag!.ToString());
    }

    private static async Task<JsonElement> Put(HttpClient client, int id, Dictionary<string, object?> body, HttpStatusCode expected)
    {
        var (_, etag) = await GetWithETag(client, id);
        return await TaskApi.Json(await TaskApi.Put(client, $"/api/v1/tasks/{id}", TaskApi.Edit(body), etag), expected);
    }

    /// <summary>Starting a task is its lead unit's officer's move, and no demo officer is cleared for top secret: set here.</summary>
    private async Task StartAsTheLeadUnitWould(int id)
    {
        await using var connection = await Factory.Services.GetRequiredService<CoordinationApi.Infrastructure.Data.DbConnectionFactory>().OpenAsync();
        await connection.ExecuteAsync("UPDATE tasks SET status = 'in_progress', row_version = row_version + 1 WHERE id = @Id;", new { Id = id });
    }

    private async Task<int[]> DeclassificationAudit(int id)
    {
        await using var connection = await Factory.Services.GetRequiredService<CoordinationApi.Infrastructure.Data.DbConnectionFactory>().OpenAsync();
        return [.. await connection.QueryAsync<int>(
            "SELECT classification FROM audit_entries WHERE action = 'task.declassified' AND entity_id = @Id ORDER BY id;",
            new { Id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) })];
    }
}
