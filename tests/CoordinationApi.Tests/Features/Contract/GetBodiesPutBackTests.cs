using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure.Contract;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// GET bodies PUT back, for every route the endpoint data source serves with both GET and PUT: the body a GET answers,
/// sent back as it is with its ETag in If-Match, is a 200 that writes nothing (the same ETag, change time and audit trail, and
/// the same ETag of the resource it belongs to, such as a provision's version), and conforms to the PUT's request schema in the document, which lists the
/// GET's read-only members as accepted and ignored (never readOnly, which validating proxies refuse in a request); with one writable field changed, the
/// change is what the next GET shows, under a new ETag (the old one is then stale: 412). Strict binding still holds on
/// those bodies: a member neither the request nor the representation has is a 400 naming it, and a read-only member of
/// the wrong type is a 400 too.
/// </summary>
public sealed class GetBodiesPutBackTests() : RegulationTextTest("Sqlite")
{
    /// <summary>
    /// A resource of its own, the one who may edit it, and the writable field to change with its new value; and the resource
    /// it belongs to, if any, whose version (ETag) its edits may move.
    /// </summary>
    private sealed record Resource(HttpClient Editor, string Url, string Field, JsonNode NewValue, string? Parent = null, JsonNode? StaleValue = null);

    /// <summary>Members a write changes by itself, whatever the body says (a comment's edit time and the ETag it carries).</summary>
    private static readonly string[] Volatile = ["updatedAt", "editedAt", "etag"];

    private readonly Dictionary<string, Func<Task<Resource>>> resources = [];
    private int made;

    [OneTimeSetUp]
    public void DescribeResources()
    {
        resources["/api/v1/tasks/{id}"] = async () =>
        {
            var coordinator = As("mps.coordinator");
            var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            return new Resource(coordinator, $"/api/v1/tasks/{id}", "titleEn", JsonValue.Create("Changed through its own GET body")!);
        };
        foreach (var kind in new[] { "tasks", "reviews" })
        {
            resources[$"/api/v1/{kind}/{{id}}/comments/{{commentId}}"] = async () =>
            {
                var coordinator = As("mps.coordinator");
                var thread = kind == "tasks"
                    ? (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32()
                    : (await Json(await Post(coordinator, "/api/v1/reviews", new { regulationId = 1, periodYear = 2034, hostAgencyCode = "MPS", reason = "Put back" }),
                        HttpStatusCode.Created)).GetProperty("id").GetInt32();
                var comment = (await Json(await Post(coordinator, $"/api/v1/{kind}/{thread}/comments", new { body = "Said once" }), HttpStatusCode.Created))
                    .GetProperty("id").GetInt32();
                return new Resource(coordinator, $"/api/v1/{kind}/{thread}/comments/{comment}", "body", JsonValue.Create("Said again through its GET body")!);
            };
        }

        resources["/api/v1/admin/users/{id}"] = async () =>
        {
            var admin = As("mps.admin");
            var username = $"putback.{Interlocked.Increment(ref made)}.{Guid.NewGuid():N}"[..20];
            var id = (await Json(await Send(admin, HttpMethod.Post, "/api/v1/admin/users", new
            {
                username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "confidential", password = "Correct-Horse-1",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            return new Resource(admin, $"/api/v1/admin/users/{id}", "displayName", JsonValue.Create("Renamed through its GET body")!);
        };
        resources["/api/v1/regulations/{regulationId}/versions/{number}/provisions/{aknId}"] = async () =>
        {
            var coordinator = As("mps.coordinator");
            var code = $"QC-PB-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..16];
            var id = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))),
                HttpStatusCode.Created)).GetProperty("id").GetInt32();
            var versions = $"/api/v1/regulations/{id}/versions";
            await Json(await Send(coordinator, HttpMethod.Post, versions), HttpStatusCode.Created);
            await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions",
                new { isSummary = false, kind = "chapter", num = "I", headingVi = "Quy định chung", headingEn = "General provisions" }), HttpStatusCode.Created);
            await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions",
                new { isSummary = false, parentAknId = "chp_1", kind = "article", num = "1", headingVi = "Phạm vi", headingEn = "Scope", textVi = "Nội dung", textEn = "Text" }),
                HttpStatusCode.Created);
            return new Resource(coordinator, $"{versions}/1/provisions/chp_1", "headingEn", JsonValue.Create("General provisions, changed")!, $"{versions}/1");
        };
        resources["/api/v1/agencies/{code}"] = async () =>
        {
            var registry = As("mps.registry_admin");
            var code = $"PB{Interlocked.Increment(ref made)}{Guid.NewGuid():N}"[..10].ToUpperInvariant();
            await Json(await Send(registry, HttpMethod.Post, "/api/v1/agencies", new { code, nameVi = $"Bộ {code}", nameEn = $"Ministry {code}" }),
                HttpStatusCode.Created);
            return new Resource(registry, $"/api/v1/agencies/{code}", "nameEn", JsonValue.Create("Renamed through its GET body")!);
        };
        resources["/api/v1/units/{code}"] = async () =>
        {
            var admin = As("mps.admin");
            var code = $"MPS-PB{Interlocked.Increment(ref made)}";
            await Json(await Send(admin, HttpMethod.Post, "/api/v1/units",
                new { code, agencyCode = "MPS", parentCode = "MPS-VP", tier = "division", nameVi = "Phòng", nameEn = "Division" }), HttpStatusCode.Created);
            return new Resource(admin, $"/api/v1/units/{code}", "nameEn", JsonValue.Create("Renamed through its GET body")!);
        };
        resources["/api/v1/regulations/{id}"] = async () =>
        {
            // Signatories, a review note and a text: every part of the GET body is sent back.
            var coordinator = As("mps.coordinator");
            var code = $"QC-RT-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..16];
            var regulation = Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
            regulation["signatories"] = new[] { "to-lam", "nguyen-manh-hung" };
            regulation["reviewPolicy"] = new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 12, preliminaryAfterYears = 3, note = "Held in December." };
            var id = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", regulation), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            var versions = $"/api/v1/regulations/{id}/versions";
            await Json(await Send(coordinator, HttpMethod.Post, versions), HttpStatusCode.Created);
            await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions",
                new { isSummary = false, kind = "chapter", num = "I", headingVi = "Quy định chung", headingEn = "General provisions" }), HttpStatusCode.Created);
            return new Resource(coordinator, $"/api/v1/regulations/{id}", "titleEn", JsonValue.Create("Renamed through its GET body")!);
        };
        resources["/api/v1/persons/{key}"] = async () =>
        {
            var admin = As("mps.admin");
            var key = $"putback-person-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..30];
            await Json(await Send(admin, HttpMethod.Post, "/api/v1/persons", new { key, fullName = "Nguyễn Văn Hợp", agencyCode = "MPS", unitCode = "MPS-VP" }),
                HttpStatusCode.Created);
            return new Resource(admin, $"/api/v1/persons/{key}", "fullName", JsonValue.Create("Tran Van Doi, renamed")!);
        };
        resources["/api/v1/webhooks/subscriptions/{id}"] = async () =>
        {
            var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
            var id = (await Json(await Send(system, HttpMethod.Post, "/api/v1/webhooks/subscriptions", new
            {
                url = $"https://receiver.example.org/putback/{Interlocked.Increment(ref made)}", kinds = new[] { "task.assigned", "plan.adopted" }, description = "Put back",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            return new Resource(system, $"/api/v1/webhooks/subscriptions/{id}", "description", JsonValue.Create("Described through its GET body")!);
        };
        resources["/api/v1/reviews/{id}/minutes"] = async () =>
        {
            var coordinator = As("mps.coordinator");
            var code = $"QC-PBM-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..16];
            var regulation = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))),
                HttpStatusCode.Created)).GetProperty("id").GetInt32();
            var review = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/reviews", new
            {
                regulationId = regulation, periodYear = 2024, hostAgencyCode = "MPS", scheduledOn = "2024-12-15", venue = "Hà Nội", reason = "Put back",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/reviews/{review}/transitions",
                new { to = "scheduled", scheduledOn = "2024-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
            var (_, noMinutes) = await GetWithETag(coordinator, $"/api/v1/reviews/{review}/minutes");
            await Json(await Send(coordinator, HttpMethod.Put, $"/api/v1/reviews/{review}/minutes", new
            {
                heldOn = "2024-12-15", place = "Hà Nội", chairedBy = "Nguyễn Văn Chủ Trì",
                attendees = new[] { new { name = "Nguyễn Văn Chủ Trì", title = "Chánh Văn phòng", agencyCode = "MPS", unitCode = "MPS-VP", personKey = (string?)null } },
                decisions = new[] { "Agreed" }, notes = (string?)null,
            }, noMinutes), HttpStatusCode.OK);
            return new Resource(coordinator, $"/api/v1/reviews/{review}/minutes", "place", JsonValue.Create("Da Nang")!, $"/api/v1/reviews/{review}");
        };
        resources["/api/v1/me/notification-preferences"] = async () =>
        {
            // A person of their own: their preferences are theirs alone.
            var username = $"prefs.{Interlocked.Increment(ref made)}.{Guid.NewGuid():N}"[..20];
            await Json(await Send(As("mps.admin"), HttpMethod.Post, "/api/v1/admin/users", new
            {
                username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "confidential", password = "Correct-Horse-1",
            }), HttpStatusCode.Created);
            var person = Factory.CreateClient();
            person.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await SignIn(username, "Correct-Horse-1"));
            return new Resource(person, "/api/v1/me/notification-preferences", "digest", JsonValue.Create(true)!, StaleValue: JsonValue.Create(false));
        };
    }

    [Test]
    public void Every_route_with_get_and_put_has_a_resource_here_or_a_reason()
    {
        Assert.That(Pairs(), Is.EquivalentTo(resources.Keys),
            "a route with GET and PUT needs a resource here; one that lost either must leave");
        Assert.That(resources, Has.Count.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task The_get_body_put_back_as_it_is_is_a_200_that_writes_nothing()
    {
        // Every route, each failure named (Assert.Multiple), so that a resource that still writes is found with the others.
        Assert.That(resources, Has.Count.EqualTo(Pairs().Count));
        await Assert.MultipleAsync(async () =>
        {
            foreach (var (route, make) in resources)
            {
                var resource = await make();
                var (body, etag) = await GetWithETag(resource.Editor, resource.Url);
                var parentStamp = resource.Parent is { } parent ? await StampOf(resource.Editor, parent) : null;

                var missing = await Send(resource.Editor, HttpMethod.Put, resource.Url, body);
                Assert.That(missing.StatusCode, Is.EqualTo((HttpStatusCode)428), $"{route}: without If-Match");

                var audited = await AuditCount();
                var put = await Send(resource.Editor, HttpMethod.Put, resource.Url, body, etag);
                var answer = await put.Content.ReadAsStringAsync();
                Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{route}: {answer}");
                if (put.StatusCode != HttpStatusCode.OK)
                {
                    continue;
                }

                // The answer is the stored representation, under the ETag it had.
                Assert.That(put.Headers.ETag?.ToString(), Is.EqualTo(etag), $"{route}: the answer's ETag");
                Assert.That(JsonNode.DeepEquals(JsonNode.Parse(answer), JsonNode.Parse(body.GetRawText())), Is.True, $"{route}: the answer is the stored body");

                // An edit that changes nothing writes nothing: no new ETag, no new change time for the feeds, no audit entry,
                // no new version of what it belongs to.
                var (after, afterETag) = await GetWithETag(resource.Editor, resource.Url);
                Assert.That(after.GetRawText(), Is.EqualTo(body.GetRawText()), $"{route}: the same body changed the resource");
                Assert.That(afterETag, Is.EqualTo(etag), $"{route}: the ETag");
                Assert.That(after.TryGetProperty("updatedAt", out var changed) ? changed.GetString() : null,
                    Is.EqualTo(body.TryGetProperty("updatedAt", out var was) ? was.GetString() : null), $"{route}: the change time");
                Assert.That(await AuditCount(), Is.EqualTo(audited), $"{route}: an audit entry was written");
                if (resource.Parent is { } owner)
                {
                    Assert.That(await StampOf(resource.Editor, owner), Is.EqualTo(parentStamp), $"{route}: the version (ETag, updatedAt) of {owner}");
                }
            }
        });
    }

    [Test]
    public async Task The_get_body_with_one_field_changed_puts_the_change_and_a_new_etag()
    {
        foreach (var (route, make) in resources)
        {
            var resource = await make();
            var (body, etag) = await GetWithETag(resource.Editor, resource.Url);
            var changed = JsonNode.Parse(body.GetRawText())!.AsObject();
            Assert.That(changed[resource.Field]?.ToJsonString(), Is.Not.EqualTo(resource.NewValue.ToJsonString()), $"{route}: the value must be new");
            changed[resource.Field] = resource.NewValue.DeepClone();

            var put = await Send(resource.Editor, HttpMethod.Put, resource.Url, changed, etag);
            var answer = await Json(put, HttpStatusCode.OK);
            Assert.That(answer.GetProperty(resource.Field).GetRawText(), Is.EqualTo(resource.NewValue.ToJsonString()), $"{route}: the answer");
            var (after, newETag) = await GetWithETag(resource.Editor, resource.Url);
            Assert.That(after.GetProperty(resource.Field).GetRawText(), Is.EqualTo(resource.NewValue.ToJsonString()), $"{route}: the next GET");
            Assert.That(newETag, Is.Not.EqualTo(etag), $"{route}: a change makes a new ETag");
            var expected = JsonNode.Parse(body.GetRawText())!.AsObject();
            expected[resource.Field] = resource.NewValue.DeepClone();
            Assert.That(Stable(after), Is.EqualTo(Stable(expected)), $"{route}: only the field changed");

            changed[resource.Field] = resource.StaleValue?.DeepClone() ?? JsonValue.Create("A stale write");
            var stale = await Send(resource.Editor, HttpMethod.Put, resource.Url, changed, etag);
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed), $"{route}: the old ETag is stale");
            var (unchanged, _) = await GetWithETag(resource.Editor, resource.Url);
            Assert.That(unchanged.GetProperty(resource.Field).GetRawText(), Is.EqualTo(resource.NewValue.ToJsonString()), $"{route}: a 412 changes nothing");
        }
    }

    [Test]
    public async Task Strict_binding_holds_on_get_bodies_an_unknown_member_or_a_mistyped_read_only_one_is_a_400()
    {
        foreach (var (route, make) in resources)
        {
            var resource = await make();
            var (body, etag) = await GetWithETag(resource.Editor, resource.Url);
            var readOnly = await ReadOnlyMembers(route);

            // An unknown member, and a read-only one (an id, or a list of units or statuses) given a list of numbers. A
            // representation whose request takes every member back (agencies, units, persons) has no read-only member.
            foreach (var (member, value) in new (string, JsonNode)[] { ("notAMemberOfEither", JsonValue.Create(1)) }
                .Concat(readOnly.Take(1).Select(m => (m, (JsonNode)new JsonArray(1, 2)))))
            {
                var wrong = JsonNode.Parse(body.GetRawText())!.AsObject();
                wrong[member] = value;
                var response = await Send(resource.Editor, HttpMethod.Put, resource.Url, wrong, etag);
                var text = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{route} {member}: {text}");
                Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateObject().Select(e => e.Name), Has.Some.StartsWith(member), $"{route} {member}: {text}");
            }

            var (after, afterETag) = await GetWithETag(resource.Editor, resource.Url);
            Assert.That(afterETag, Is.EqualTo(etag), $"{route}: a refused body changes nothing");
            Assert.That(after.GetRawText(), Is.EqualTo(body.GetRawText()), $"{route}: a refused body changes nothing");
        }
    }

    [Test]
    public async Task Every_get_body_conforms_to_the_request_schema_of_its_put_in_the_document()
    {
        // What a validating proxy (Prism) does between a client and the API: hold the PUT's body, a GET body sent back as
        // it is, to the document's request schema (additionalProperties: false on every object).
        var contract = new OpenApiContract(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        foreach (var (route, make) in resources)
        {
            var resource = await make();
            var (body, _) = await GetWithETag(resource.Editor, resource.Url);
            Assert.That(contract.CheckRequestBody("PUT", route, body), Is.Empty, $"{route}: the GET body departs from the PUT's request schema");
        }
    }

    [Test]
    public async Task Request_schemas_list_the_read_only_members_as_accepted_and_ignored_and_none_as_readOnly()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var components = document["components"]!["schemas"]!.AsObject();
        JsonObject Resolve(JsonNode schema) =>
            schema["$ref"] is { } reference ? components[((string)reference!)[(((string)reference!).LastIndexOf('/') + 1)..]]!.AsObject() : schema.AsObject();

        // Every GET/PUT pair of the document: each member of the GET body is a member of the request; a read-only one is
        // described and marked as accepted and ignored there.
        var pairs = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (item?["get"]?["responses"]?["200"]?["content"]?["application/json"]?["schema"] is not { } got
                || item["put"]?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } put)
            {
                continue;
            }

            pairs++;
            var representation = Resolve(got)["properties"]!.AsObject();
            var request = Resolve(put)["properties"]!.AsObject();
            foreach (var (name, member) in representation)
            {
                Assert.That(request.ContainsKey(name), $"{path}: the GET body's '{name}' is not in the PUT's request schema");
                if (member?["readOnly"]?.GetValue<bool>() == true)
                {
                    Assert.That(request[name]!["x-accepted-and-ignored"]?.GetValue<bool>(), Is.True, $"{path}: '{name}' is not marked accepted and ignored");
                    Assert.That((string?)request[name]!["description"], Does.StartWith("Read-only: accepted and ignored"), $"{path}: '{name}'");
                }
            }
        }

        Assert.That(pairs, Is.EqualTo(resources.Count), "every GET/PUT pair of the document is checked");

        // Validating proxies drop readOnly members from a request schema and then refuse them as unknown: no schema a
        // request body reaches, through any $ref, is readOnly.
        var readOnly = new List<string>();
        void Walk(JsonNode? schema, string where, HashSet<string> followed)
        {
            if (schema is not JsonObject node)
            {
                return;
            }

            if (node["$ref"] is { } reference)
            {
                var name = ((string)reference!)[(((string)reference!).LastIndexOf('/') + 1)..];
                if (followed.Add(name))
                {
                    Walk(components[name], $"{where} ({name})", followed);
                }

                return;
            }

            if (node["readOnly"]?.GetValue<bool>() == true)
            {
                readOnly.Add(where);
            }

            foreach (var (name, member) in node["properties"]?.AsObject() ?? [])
            {
                Walk(member, $"{where}.{name}", followed);
            }

            Walk(node["items"], $"{where}[]", followed);
            Walk(node["additionalProperties"], $"{where}{{}}", followed);
            foreach (var list in new[] { "allOf", "anyOf", "oneOf" })
            {
                foreach (var (alternative, index) in (node[list]?.AsArray() ?? []).Select((a, i) => (a, i)))
                {
                    Walk(alternative, $"{where}/{list}/{index}", followed);
                }
            }
        }

        var bodies = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                foreach (var (media, content) in operation?["requestBody"]?["content"]?.AsObject() ?? [])
                {
                    bodies++;
                    Walk(content?["schema"], $"{method.ToUpperInvariant()} {path} {media}", []);
                }
            }
        }

        Assert.That(bodies, Is.GreaterThan(resources.Count));
        Assert.That(readOnly, Is.Empty, "readOnly members in request schemas");
    }

    /// <summary>What tells a version of a resource from the next: its ETag and its change time (either may be absent).</summary>
    private async Task<string> StampOf(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await Json(response, HttpStatusCode.OK);
        return $"{response.Headers.ETag} {(body.TryGetProperty("updatedAt", out var changed) ? changed.GetRawText() : "")}";
    }

    /// <summary>The routes the endpoint data source serves with both GET and PUT.</summary>
    private List<string> Pairs() => [.. Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Route: Unconstrained(e.RoutePattern.RawText!), Method: m)))
        .GroupBy(e => e.Route)
        .Where(g => g.Any(e => e.Method == "GET") && g.Any(e => e.Method == "PUT"))
        .Select(g => g.Key)];

    /// <summary>The route as the document writes it: <c>{id:int}</c> is <c>{id}</c>.</summary>
    private static string Unconstrained(string pattern) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(pattern.TrimStart('/'), @"\{(\w+)(:[^}]*)?\}", "{$1}");

    /// <summary>The members the GET's response schema documents as read-only (the PUT accepts and ignores them), from the served document.</summary>
    private async Task<List<string>> ReadOnlyMembers(string route)
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!;
        var reference = (string)document["paths"]![route]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!;
        var schema = document["components"]!["schemas"]![reference[(reference.LastIndexOf('/') + 1)..]]!["properties"]!.AsObject();
        return [.. schema.Where(p => p.Value?["readOnly"]?.GetValue<bool>() == true).Select(p => p.Key)];
    }

    /// <summary>The body without the members a write changes by itself.</summary>
    private static string Stable(JsonElement body) => Stable(JsonNode.Parse(body.GetRawText())!.AsObject());

    private static string Stable(JsonObject body)
    {
        foreach (var name in Volatile)
        {
            body.Remove(name);
        }

        return body.ToJsonString();
    }
}
