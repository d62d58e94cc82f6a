using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Agencies;

/// <summary>
/// Persons, units and agencies through the API: the person keys regulation signatories take, read back and PUT back; the
/// person list's paging, filters and folded name search; who may change which record; If-Match, 409 for taken codes,
/// retirement instead of deletion, and an audit entry per change.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RegistryTests(string provider) : ApiTest(provider)
{
    private static int made;

    private static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref made)}{Guid.NewGuid():N}"[..(prefix.Length + 8)].ToUpperInvariant();

    private static async Task<(JsonElement Body, string ETag)> Read(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await Json(response, HttpStatusCode.OK);
        return (body, response.Headers.ETag!.Tag);
    }

    private Task<long> Audited(string action, string entityId) =>
        Scalar($"SELECT COUNT(*) FROM audit_entries WHERE action = '{action}' AND entity_id = '{entityId}'");

    [Test]
    public async Task A_regulation_s_signatories_are_persons_whose_keys_read_back_and_put_back()
    {
        var coordinator = As("mps.coordinator");
        var (regulation, etag) = await Read(coordinator, "/api/v1/regulations/1");
        var signatories = regulation.GetProperty("signatories").EnumerateArray().ToList();
        Assert.That(signatories, Is.Not.Empty);
        foreach (var signatory in signatories)
        {
            var person = await GetJson<JsonElement>($"/api/v1/persons/{signatory.GetProperty("personKey").GetString()}");
            Assert.Multiple(() =>
            {
                Assert.That(person.GetProperty("id").GetInt32(), Is.EqualTo(signatory.GetProperty("personId").GetInt32()));
                Assert.That(person.GetProperty("fullName").GetString(), Is.EqualTo(signatory.GetProperty("fullName").GetString()));
                Assert.That(person.GetProperty("agencyCode").GetString(), Is.EqualTo(signatory.GetProperty("agencyCode").GetString()));
                Assert.That(person.GetProperty("rankEn").GetString(), Is.EqualTo(signatory.GetProperty("rankEn").GetString()));
            });
        }

        // Read, and PUT back what was read: the request takes the keys the detail shows.
        var body = RequestOf(regulation);
        var put = await Json(await Put(coordinator, "/api/v1/regulations/1", body, etag), HttpStatusCode.OK);
        Assert.That(put.GetProperty("signatories").EnumerateArray().Select(s => s.GetProperty("personKey").GetString()),
            Is.EqualTo(signatories.Select(s => s.GetProperty("personKey").GetString())));
    }

    /// <summary>The write request of a regulation, from its detail as GET returns it.</summary>
    internal static JsonObject RequestOf(JsonElement regulation) => new()
    {
        ["code"] = regulation.GetProperty("code").GetString(),
        ["titleVi"] = regulation.GetProperty("titleVi").GetString(),
        ["titleEn"] = regulation.GetProperty("titleEn").GetString(),
        ["signedOn"] = regulation.GetProperty("signedOn").GetString(),
        ["signedAt"] = regulation.GetProperty("signedAt").GetString(),
        ["status"] = regulation.GetProperty("status").GetString(),
        ["parties"] = new JsonArray([.. regulation.GetProperty("parties").EnumerateArray().Select(p => (JsonNode)new JsonObject
        {
            ["agencyCode"] = p.GetProperty("agencyCode").GetString(),
            ["standingUnitCode"] = p.GetProperty("standingUnit").GetProperty("code").GetString(),
        })]),
        ["signatories"] = new JsonArray([.. regulation.GetProperty("signatories").EnumerateArray().Select(s => (JsonNode)JsonValue.Create(s.GetProperty("personKey").GetString())!)]),
        ["reviewPolicy"] = new JsonObject
        {
            ["annualRotating"] = regulation.GetProperty("reviewPolicy").GetProperty("annualRotating").GetBoolean(),
            ["firstHostAgencyCode"] = regulation.GetProperty("reviewPolicy").GetProperty("firstHostAgencyCode").GetString(),
            ["reviewMonth"] = regulation.GetProperty("reviewPolicy").GetProperty("reviewMonth").GetInt32(),
            ["preliminaryAfterYears"] = regulation.GetProperty("reviewPolicy").GetProperty("preliminaryAfterYears").GetInt32(),
            ["note"] = null,
        },
    };

    [Test]
    public async Task The_person_list_pages_through_every_person_and_filters_by_agency_unit_name_and_state()
    {
        var all = await GetAllPages(Client, "/api/v1/persons?limit=3");
        Assert.That(all.Select(p => p.GetProperty("id").GetInt32()), Is.Unique.And.Ordered);
        Assert.That(all, Has.Count.EqualTo(await Scalar("SELECT COUNT(*) FROM persons")));

        foreach (var agency in new[] { "MPS", "MIC" })
        {
            var ofAgency = await GetAllPages(Client, $"/api/v1/persons?agency={agency.ToLowerInvariant()}&limit=4");
            Assert.That(ofAgency.Select(p => p.GetProperty("agencyCode").GetString()), Is.All.EqualTo(agency));
            Assert.That(ofAgency, Has.Count.EqualTo(await Scalar($"SELECT COUNT(*) FROM persons p JOIN agencies a ON a.id = p.agency_id WHERE a.code = '{agency}'")));
        }

        var withUnit = all.First(p => p.GetProperty("unitCode").ValueKind == JsonValueKind.String);
        var unitCode = withUnit.GetProperty("unitCode").GetString();
        var ofUnit = await GetAllPages(Client, $"/api/v1/persons?unit={unitCode}");
        Assert.That(ofUnit.Select(p => p.GetProperty("unitCode").GetString()), Is.All.EqualTo(unitCode));
        Assert.That(ofUnit.Select(p => p.GetProperty("key").GetString()), Does.Contain(withUnit.GetProperty("key").GetString()));

        // Case and diacritics do not matter; every word must be a whole word of the name.
        foreach (var q in new[] { "to lam", "TÔ LÂM", "Lâm" })
        {
            var found = await GetAllPages(Client, $"/api/v1/persons?q={Uri.EscapeDataString(q)}");
            Assert.That(found.Select(p => p.GetProperty("key").GetString()), Does.Contain("to-lam"), q);
            Assert.That(found.Select(p => p.GetProperty("fullName").GetString()), Is.All.Contains("Lâm"), q);
        }

        Assert.That(await GetAllPages(Client, "/api/v1/persons?q=la"), Is.Empty, "a part of a word is not a word");
        Assert.That(await GetAllPages(Client, "/api/v1/persons?q=%25"), Is.Empty, "LIKE wildcards are plain characters");
        Assert.That(await GetAllPages(Client, "/api/v1/persons?active=false"), Has.Count.EqualTo(await Scalar("SELECT COUNT(*) FROM persons WHERE active = 0")));

        await ProblemAssert.HasFieldErrors(await Client.GetAsync(new Uri("/api/v1/persons?agency=XYZ", UriKind.Relative)), "agency");
        await ProblemAssert.HasFieldErrors(await Client.GetAsync(new Uri("/api/v1/persons?unit=NOPE", UriKind.Relative)), "unit");
        await ProblemAssert.HasFieldErrors(await Client.GetAsync(new Uri("/api/v1/persons?cursor=forged", UriKind.Relative)), "cursor");
        await ProblemAssert.IsProblem(await Client.GetAsync(new Uri("/api/v1/persons/nobody-at-all", UriKind.Relative)), HttpStatusCode.NotFound);
    }

    [Test]
    public async Task An_admin_manages_the_persons_of_their_agency_with_if_match_and_retires_rather_than_deletes()
    {
        var admin = As("mps.admin");
        var key = $"test-person-{Guid.NewGuid():N}"[..24];
        object Person(string name, string? unit = "MPS-VP", bool? active = null) => new
        {
            key, fullName = name, rankVi = "Đại tá", rankEn = "Colonel", positionVi = "Cục trưởng", positionEn = "Director", agencyCode = "MPS", unitCode = unit, active,
        };

        var created = await Post(admin, "/api/v1/persons", Person("Trần Văn Bình"));
        var person = await Json(created, HttpStatusCode.Created);
        Assert.Multiple(() =>
        {
            Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"/api/v1/persons/{key}"));
            Assert.That(created.Headers.ETag, Is.Not.Null);
            Assert.That(person.GetProperty("active").GetBoolean(), Is.True);
        });
        var found = await GetAllPages(Client, "/api/v1/persons?q=tran%20van%20binh&agency=MPS");
        Assert.That(found.Select(p => p.GetProperty("key").GetString()), Does.Contain(key));

        var taken = await ProblemAssert.IsProblem(await Post(admin, "/api/v1/persons", Person("Someone else")), HttpStatusCode.Conflict);
        Assert.That(taken.GetProperty("errors").TryGetProperty("key", out _), Is.True, taken.ToString());

        // Another agency's admin, and a coordinator, may not change it.
        var (read, etag) = await Read(admin, $"/api/v1/persons/{key}");
        await ProblemAssert.IsProblem(await Put(As("mic.admin"), $"/api/v1/persons/{key}", read, etag), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await Put(As("mps.coordinator"), $"/api/v1/persons/{key}", read, etag), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(await Post(As("mic.admin"), "/api/v1/persons", Person("Not theirs")), HttpStatusCode.Forbidden);

        // If-Match: required, and stale is refused; the GET body PUTs back as it is, writing nothing (the ETag stays valid).
        await ProblemAssert.IsProblem(await Put(admin, $"/api/v1/persons/{key}", read, null), HttpStatusCode.PreconditionRequired);
        Assert.That((await Put(admin, $"/api/v1/persons/{key}", read, etag)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "the GET body PUTs back");
        Assert.That((await Put(admin, $"/api/v1/persons/{key}", read, etag)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "an unchanged PUT moved the ETag");
        var renamed = JsonSerializer.SerializeToNode(read)!.AsObject();
        renamed["positionEn"] = "Director General";
        Assert.That((await Put(admin, $"/api/v1/persons/{key}", renamed, etag)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "a change");
        await ProblemAssert.IsProblem(await Put(admin, $"/api/v1/persons/{key}", read, etag), HttpStatusCode.PreconditionFailed);
        (_, etag) = await Read(admin, $"/api/v1/persons/{key}");

        // Key, agency and id never change; the unit must be of the person's agency.
        var changedKey = JsonSerializer.SerializeToNode(read)!.AsObject();
        changedKey["key"] = "someone-else";
        changedKey["agencyCode"] = "MIC";
        await ProblemAssert.HasFieldErrors(await Put(admin, $"/api/v1/persons/{key}", changedKey, etag), "key", "agencyCode");
        await ProblemAssert.HasFieldErrors(await Put(admin, $"/api/v1/persons/{key}", Person("Trần Văn Bình", unit: "MIC-VP"), etag), "unitCode");

        // Retire the person: a new regulation cannot name them, one they already sign keeps them.
        var regulation = await Json(await Post(As("mps.coordinator"), "/api/v1/regulations", NewRegulation(Unique("QC-P"), key)), HttpStatusCode.Created);
        var retired = await Json(await Put(admin, $"/api/v1/persons/{key}", Person("Trần Văn Bình", active: false), etag), HttpStatusCode.OK);
        Assert.That(retired.GetProperty("active").GetBoolean(), Is.False);
        await ProblemAssert.HasFieldErrors(await Post(As("mps.coordinator"), "/api/v1/regulations", NewRegulation(Unique("QC-R"), key)), "signatories[0]");
        var (detail, regulationETag) = await Read(As("mps.coordinator"), $"/api/v1/regulations/{regulation.GetProperty("id").GetInt32()}");
        await Json(await Put(As("mps.coordinator"), $"/api/v1/regulations/{regulation.GetProperty("id").GetInt32()}", RequestOf(detail), regulationETag), HttpStatusCode.OK);

        Assert.Multiple(async () =>
        {
            Assert.That(await Audited("person.create", key), Is.EqualTo(1));
            Assert.That(await Audited("person.update", key), Is.EqualTo(2), "the PUT back and the retirement");
            Assert.That(await Scalar($"SELECT COUNT(*) FROM persons WHERE person_key = '{key}'"), Is.EqualTo(1), "retired, not deleted");
        });
    }

    private static Dictionary<string, object?> NewRegulation(string code, params string[] signatories) => new()
    {
        ["code"] = code,
        ["titleVi"] = $"Quy chế phối hợp {code}",
        ["titleEn"] = $"Coordination regulation {code}",
        ["signedOn"] = "2024-05-01",
        ["signedAt"] = "Hà Nội",
        ["status"] = "in_force",
        ["parties"] = new[] { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "MIC", standingUnitCode = "MIC-VP" } },
        ["signatories"] = signatories,
        ["reviewPolicy"] = new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 12, preliminaryAfterYears = 3, note = (string?)null },
    };

    [Test]
    public async Task Units_are_added_under_a_unit_of_their_agency_and_never_under_themselves()
    {
        var admin = As("mic.admin");
        var code = Unique("MIC-T");
        object Unit(string unitCode, string? parent, string tier = "division", bool? active = null) =>
            new { code = unitCode, agencyCode = "MIC", parentCode = parent, tier, nameVi = "Phòng thử nghiệm", nameEn = "Test division", active };

        var created = await Post(admin, "/api/v1/units", Unit(code, "MIC-ATTT"));
        var unit = await Json(created, HttpStatusCode.Created);
        Assert.That(unit.GetProperty("parentCode").GetString(), Is.EqualTo("MIC-ATTT"));
        var tree = await GetJson<JsonElement>("/api/v1/agencies/MIC/units");
        var attt = tree.EnumerateArray().Single().GetProperty("children").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "MIC-ATTT");
        Assert.That(attt.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()), Does.Contain(code));

        var child = Unique("MIC-C");
        await Json(await Post(admin, "/api/v1/units", Unit(child, code, "provincial")), HttpStatusCode.Created);

        await ProblemAssert.IsProblem(await Post(admin, "/api/v1/units", Unit(code, "MIC-ATTT")), HttpStatusCode.Conflict);
        await ProblemAssert.HasFieldErrors(await Post(admin, "/api/v1/units", Unit(Unique("MIC-X"), "MPS-VP")), "parentCode");
        await ProblemAssert.HasFieldErrors(await Post(admin, "/api/v1/units", Unit(Unique("MIC-X"), null)), "parentCode");
        await ProblemAssert.HasFieldErrors(await Post(admin, "/api/v1/units", Unit(Unique("MIC-X"), "MIC-VP", "regiment")), "tier");
        await ProblemAssert.HasFieldErrors(await Post(admin, "/api/v1/units", Unit("lower-case", "MIC-VP")), "code");
        await ProblemAssert.IsProblem(await Post(As("mps.admin"), "/api/v1/units", Unit(Unique("MIC-X"), "MIC-VP")), HttpStatusCode.Forbidden);

        var (read, etag) = await Read(admin, $"/api/v1/units/{code}");
        await ProblemAssert.HasFieldErrors(await Put(admin, $"/api/v1/units/{code}", Unit(code, child), etag), "parentCode");
        await ProblemAssert.HasFieldErrors(await Put(admin, $"/api/v1/units/{code}", Unit(code, code), etag), "parentCode");
        var moved = await Json(await Put(admin, $"/api/v1/units/{code}", Unit(code, "MIC-VP", "division", active: false), etag), HttpStatusCode.OK);
        Assert.Multiple(() =>
        {
            Assert.That(moved.GetProperty("parentCode").GetString(), Is.EqualTo("MIC-VP"));
            Assert.That(moved.GetProperty("active").GetBoolean(), Is.False);
            Assert.That(read.GetProperty("parentCode").GetString(), Is.EqualTo("MIC-ATTT"));
        });
        await ProblemAssert.HasFieldErrors(await Post(admin, "/api/v1/units", Unit(Unique("MIC-X"), code)), "parentCode");
        Assert.That(await Audited("unit.update", code), Is.EqualTo(1));
    }

    [Test]
    public async Task Only_a_registry_admin_adds_an_agency_and_nobody_else_can_grant_that_role()
    {
        var code = Unique("AG");
        object Agency(string name) => new { code, nameVi = $"Bộ {name}", nameEn = $"Ministry of {name}", active = (bool?)null };
        foreach (var user in new[] { "mps.admin", "mps.coordinator", "mic.admin" })
        {
            await ProblemAssert.IsProblem(await Post(As(user), "/api/v1/agencies", Agency("Tests")), HttpStatusCode.Forbidden);
        }

        var registrar = As("mps.registry_admin");
        var created = await Post(registrar, "/api/v1/agencies", Agency("Tests"));
        await Json(created, HttpStatusCode.Created);
        Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"/api/v1/agencies/{code}"));
        var root = await GetJson<JsonElement>($"/api/v1/units/{code}");
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("tier").GetString(), Is.EqualTo("ministry"));
            Assert.That(root.GetProperty("parentCode").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        var again = await ProblemAssert.IsProblem(await Post(registrar, "/api/v1/agencies", Agency("Tests again")), HttpStatusCode.Conflict);
        Assert.That(again.GetProperty("errors").TryGetProperty("code", out _), Is.True);

        var (read, etag) = await Read(registrar, $"/api/v1/agencies/{code}");
        var renamed = JsonSerializer.SerializeToNode(read)!.AsObject();
        renamed["nameEn"] = "Ministry of Renamed Tests";
        await ProblemAssert.IsProblem(await Put(registrar, $"/api/v1/agencies/{code}", renamed, null), HttpStatusCode.PreconditionRequired);
        Assert.That((await Json(await Put(registrar, $"/api/v1/agencies/{code}", renamed, etag), HttpStatusCode.OK)).GetProperty("nameEn").GetString(),
            Is.EqualTo("Ministry of Renamed Tests"));
        await ProblemAssert.IsProblem(await Put(registrar, $"/api/v1/agencies/{code}", renamed, etag), HttpStatusCode.PreconditionFailed);

        // An admin cannot make anyone a registry admin: the role opens what admin does not.
        var grant = await Post(As("mps.admin"), "/api/v1/admin/users", new
        {
            username = $"registrar{Guid.NewGuid():N}"[..16], displayName = $"Registrar {Guid.NewGuid():N}"[..20], unitCode = "MPS-VP",
            roles = new[] { "registry_admin" }, clearance = "unclassified", password = "Correct-Horse-1",
        });
        await ProblemAssert.HasFieldErrors(grant, "roles");
        Assert.That(await Audited("agency.create", code), Is.EqualTo(1));
        Assert.That(await Audited("agency.update", code), Is.EqualTo(1));
    }
}
