using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// Identity spoofing: an agency system cannot take a person's name (any agency, any case, NFC) nor a person a system's,
/// and every author the API shows says whether it was a person or a system.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class IdentityTests(string provider) : ApiTest(provider)
{
    private static readonly string[] DemoUsernames = [.. from agency in new[] { "mps", "mic" } from role in Roles.All select $"{agency}.{role}"];

    /// <summary>Characters drawn blank: Hangul fillers (compatibility, choseong, jungseong, halfwidth), the blank Braille pattern.</summary>
    private static readonly string[] Fillers = ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"];

    /// <summary>Ways to write the same name: as is, upper case, padded, capitalised.</summary>
    private static readonly Func<string, string>[] Spellings =
    [
        name => name,
        name => name.ToUpperInvariant(),
        name => $"  {name} ",
        name => char.ToUpperInvariant(name[0]) + name[1..],
        name => name.Replace('i', 'ı'), // dotless i
        name => string.Concat(name.Select(c => c is > '!' and <= '~' ? (char)(c - '!' + '！') : c)), // fullwidth
        name => name + "\u200b", // zero-width space
        name => name[..2] + "\u200d" + name[2..] + "\u00ad", // zero-width joiner, soft hyphen
        name => "\u00a0" + name + "\u3000", // no-break and ideographic spaces
        name => name.Replace('o', 'о').Replace('a', 'а').Replace('e', 'е')
            .Replace('c', 'с').Replace('p', 'р'), // Cyrillic
        name => name.ToUpperInvariant().Replace('O', 'Ο').Replace('I', 'Ι')
            .Replace('M', 'Μ').Replace('T', 'Τ'), // Greek capitals
        name => string.Concat(name.Select(c => char.ToLowerInvariant(c) is >= 'a' and <= 'z' and var l ? SmallCapitals[l - 'a'] : c)), // small capitals
        name => name.Replace('a', 'ɑ').Replace('g', 'ɡ').Replace('i', 'ɩ'), // IPA alpha, script g, iota
        .. Fillers.Select(filler => (Func<string, string>)(name => name + filler)),
        name => Fillers[0] + name[..1] + string.Concat(Fillers) + name[1..], // fillers inside
    ];

    /// <summary>Latin letter small capitals, a to z (x has none: kept).</summary>
    private const string SmallCapitals = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡxʏᴢ";

    /// <summary>What no agency system may be named, whoever holds the name: reserved, another agency's system, a hidden person.</summary>
    [TestCase("mic.admin", "system")]
    [TestCase("mic.admin", "MPS agency system (demo)")]
    [TestCase("mps.admin", "MIC agency system (demo)")]
    [TestCase("mps.admin", "mps.coordinator")] // top-secret: hidden from this secret admin
    public async Task Names_taken_anywhere_are_refused_in_every_spelling_without_saying_by_whom(string admin, string taken)
    {
        var before = await ClientCount();
        foreach (var spelling in Spellings)
        {
            var name = spelling(taken);
            var response = await As(admin).PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
                new { name, scopes = new[] { Scopes.RegulationsRead }, clearance = "unclassified" });
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), $"'{name}': {body}");
            var problem = JsonNode.Parse(body)!;
            Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("The name is taken."));
            Assert.That(problem["errors"]?["name"], Is.Not.Null, "the refusal names the field it concerns, so a form shows it there");
            var detail = problem["detail"]!.GetValue<string>().Replace(name, "", StringComparison.Ordinal);
            Assert.That(detail, Does.Not.Contain("MPS").And.Not.Contain("MIC").And.Not.Contain("secret").And.Not.Contain("confidential"), detail);
        }

        Assert.That(await ClientCount(), Is.EqualTo(before));
        var free = await As(admin).PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
            new { name = $"{taken} relay {Guid.NewGuid():N}", scopes = new[] { Scopes.RegulationsRead }, clearance = "unclassified" });
        Assert.That(free.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a name that only contains a taken one is free");
    }

    [Test]
    public async Task An_agency_system_cannot_be_named_like_a_user_of_any_agency()
    {
        var before = await ClientCount();
        foreach (var admin in new[] { "mps.admin", "mic.admin" })
        {
            foreach (var username in DemoUsernames)
            {
                foreach (var spelling in Spellings)
                {
                    var name = spelling(username);
                    var response = await As(admin).PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
                        new { name, scopes = new[] { Scopes.RegulationsRead }, clearance = "unclassified" });
                    await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
                }
            }
        }

        Assert.That(await ClientCount(), Is.EqualTo(before));
    }

    [Test]
    public async Task A_user_cannot_take_the_name_of_an_agency_system_of_any_agency()
    {
        foreach (var (clientName, username) in new[] { ("bridge.node", "bridge.node"), ("Relay.Node", "relay.node"), (" gateway.mic ", "gateway.mic") })
        {
            var created = await As("mic.admin").PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
                new { name = clientName, scopes = new[] { Scopes.RegulationsRead }, clearance = "unclassified" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());

            var user = await As("mps.admin").PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
            {
                username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = "Identity-2026-pass",
            });

            await ProblemAssert.IsProblem(user, HttpStatusCode.Conflict);
            await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users WHERE username = @Username;", new { Username = username }), Is.Zero);
        }
    }

    /// <summary>Every string property of a schema that names an author (…By, actorName, author…) has its kind beside it.</summary>
    [Test]
    public async Task Every_author_name_in_the_API_has_its_kind_beside_it()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var authors = new List<string>();
        foreach (var (schema, node) in document["components"]!["schemas"]!.AsObject())
        {
            if (node?["properties"] is not JsonObject properties)
            {
                continue;
            }

            foreach (var (property, definition) in properties)
            {
                // An author is a name (a string); citedBy and the like are lists of records.
                if (definition?["type"]?.ToJsonString().Contains("string", StringComparison.Ordinal) != true)
                {
                    continue;
                }

                var prefix = property.EndsWith("By", StringComparison.Ordinal) ? property
                    : property == "actorName" ? "actor"
                    : property.StartsWith("author", StringComparison.Ordinal) && !property.EndsWith("Kind", StringComparison.Ordinal) ? property
                    : null;
                // The chair of a review's meeting, as its minutes write the name: no author of a record, and the contract of issue 18.
                if (prefix is null || (schema.StartsWith("ReviewMinutes", StringComparison.Ordinal) && property == "chairedBy"))
                {
                    continue;
                }

                authors.Add($"{schema}.{property}");
                Assert.That(properties.ContainsKey($"{prefix}Kind") || properties.ContainsKey($"{prefix}Type"), Is.True,
                    $"{schema}.{property} names an author without saying whether a person or a system: add {prefix}Kind");
            }
        }

        Assert.That(authors, Is.SupersetOf(new[]
        {
            "ProgressReport.createdBy", "TaskHistoryEntry.actorName", "Evaluation.evaluatedBy", "AuditEntry.actorName", "ApiClient.createdBy",
        }));
    }

    [Test]
    public async Task A_report_by_an_agency_system_says_client_and_one_by_an_officer_says_user()
    {
        var coordinator = As("mps.coordinator");
        var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await Json(await Transition(coordinator, id, "assigned"), HttpStatusCode.OK);
        await Json(await Transition(As("mps.officer"), id, "in_progress"), HttpStatusCode.OK);
        var (_, key) = await ProvisionApiKey("MPS", "confidential", Scopes.TasksRead, Scopes.TasksWrite);
        await Json(await Report(As("mps.officer"), id, 10), HttpStatusCode.Created);
        await Json(await Report(WithApiKey(key), id, 20, unit: "MPS-A05"), HttpStatusCode.Created);

        var reports = await GetJson<JsonElement>(Client, $"/api/v1/tasks/{id}/reports");
        var history = await GetJson<JsonElement>(Client, $"/api/v1/tasks/{id}/history");

        Assert.That(Kinds(reports, "createdByKind"), Is.EqualTo(new[] { "user", "client" }));
        Assert.That(Kinds(history, "actorKind"), Is.EqualTo(new[] { "user", "user", "user", "user", "client" }));
    }

    private static string?[] Kinds(JsonElement list, string property) =>
        [.. (list.ValueKind == JsonValueKind.Array ? list : list.GetProperty("items")).EnumerateArray().Select(e => e.GetProperty(property).GetString())];

    /// <summary>
    /// A person's display name may not be reserved nor look like another person's or agency system's name or display name:
    /// every such name held in the database (and "system"), in every spelling, on create and on update; a refusal changes nothing.
    /// </summary>
    [Test]
    public async Task A_display_name_cannot_pass_for_another_person_or_system()
    {
        var created = await As("mic.admin").PostAsJsonAsync(new Uri("/api/v1/admin/api-clients", UriKind.Relative),
            new { name = "display.probe.system", scopes = new[] { Scopes.RegulationsRead }, clearance = "unclassified" });
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var taken = (await connection.QueryAsync<string>("SELECT username FROM users UNION SELECT display_name FROM users UNION SELECT name FROM api_clients;"))
            .Append("system").ToList();
        Assert.That(taken, Has.Member("display.probe.system").And.Member("mic.coordinator").And.Member("Coordinator (Ministry of Public Security)"));
        var users = await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users;");

        var self = await As("mps.admin").PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
        {
            username = "display.self", displayName = "display.self", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = "Identity-2026-pass",
        });
        var user = JsonNode.Parse(await self.Content.ReadAsStringAsync())!;
        Assert.That(self.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a display name may be the person's own username");
        var id = user["id"]!.GetValue<int>();
        taken.Add("display.self");
        var refused = new List<string>();
        foreach (var name in taken)
        {
            foreach (var spelling in Spellings)
            {
                var displayName = spelling(name);
                var create = await As("mps.admin").PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative), new
                {
                    username = $"display.{Guid.NewGuid():N}"[..30], displayName, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified",
                    password = "Identity-2026-pass",
                });
                if (create.StatusCode != HttpStatusCode.Conflict || !await NamesField(create, "displayName"))
                {
                    refused.Add($"create '{displayName}': {(int)create.StatusCode} {await create.Content.ReadAsStringAsync()}");
                }

                if (name == "display.self")
                {
                    continue; // the person's own username
                }

                var version = await connection.ExecuteScalarAsync<int>("SELECT row_version FROM users WHERE id = @Id;", new { Id = id });
                using var request = new HttpRequestMessage(HttpMethod.Put, new Uri($"/api/v1/admin/users/{id}", UriKind.Relative))
                {
                    Content = JsonContent.Create(new { displayName, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", active = true, unlock = false }),
                };
                request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
                var update = await As("mps.admin").SendAsync(request);
                if (update.StatusCode != HttpStatusCode.Conflict || !await NamesField(update, "displayName"))
                {
                    refused.Add($"update to '{displayName}': {(int)update.StatusCode} {await update.Content.ReadAsStringAsync()}");
                }
            }
        }

        Assert.That(refused, Is.Empty, "every look-alike display name is a 409");
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM users;"), Is.EqualTo(users + 1), "no refused person was created");
        Assert.That(await connection.ExecuteScalarAsync<string>("SELECT display_name FROM users WHERE id = @Id;", new { Id = id }), Is.EqualTo("display.self"),
            "no refused update changed the display name");
    }

    private async Task<int> ClientCount()
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM api_clients;");
    }

    /// <summary>True when the problem's <c>errors</c> name <paramref name="field"/> (and only it): a form shows it there.</summary>
    private static async Task<bool> NamesField(HttpResponseMessage response, string field) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())?["errors"] is JsonObject errors
        && errors.Count == 1 && errors[field] is JsonArray { Count: > 0 };

}
