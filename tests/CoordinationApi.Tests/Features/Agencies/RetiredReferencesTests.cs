using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Agencies;

/// <summary>
/// A retired agency or unit takes no new work: a task or regulation written with one is a 400 naming the field ("retired"),
/// while a record that already names it reads and PUTs back unchanged. The fields are enumerated from the committed OpenAPI
/// document: every agency- or unit-referencing member of the task and regulation write requests has a case here.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RetiredReferencesTests(string provider) : ApiTest(provider)
{
    private static readonly (string Method, string Path)[] Writes =
    [
        ("post", "/api/v1/tasks"), ("put", "/api/v1/tasks/{id}"), ("post", "/api/v1/regulations"), ("put", "/api/v1/regulations/{id}"),
    ];

    /// <summary>The member paths of a write request that name an agency or a unit (<c>contacts[].unitCode</c>, ...).</summary>
    private static SortedSet<string> ReferencingMembers()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "api", "openapi", "v1.json")));
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        JsonElement Resolve(JsonElement schema)
        {
            if (schema.TryGetProperty("$ref", out var reference))
            {
                return Resolve(schemas.GetProperty(reference.GetString()!.Split('/')[^1]));
            }

            foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            {
                if (schema.TryGetProperty(combinator, out var options))
                {
                    return options.EnumerateArray().Select(Resolve).FirstOrDefault(o => o.TryGetProperty("properties", out _) || o.TryGetProperty("items", out _), schema);
                }
            }

            return schema;
        }

        var found = new SortedSet<string>(StringComparer.Ordinal);
        void Walk(JsonElement schema, string path, int depth)
        {
            schema = Resolve(schema);
            if (depth > 6)
            {
                return;
            }

            if (schema.TryGetProperty("items", out var items))
            {
                Walk(items, path + "[]", depth + 1);
                return;
            }

            if (!schema.TryGetProperty("properties", out var properties))
            {
                var name = path.Split('.')[^1].TrimEnd(']', '[');
                // A unit named by the GET's own form (standingUnit.code) names it as much as standingUnitCode does.
                if (name.EndsWith("UnitCode", StringComparison.OrdinalIgnoreCase) || name.EndsWith("UnitCodes", StringComparison.OrdinalIgnoreCase)
                    || name.EndsWith("AgencyCode", StringComparison.OrdinalIgnoreCase) || path.EndsWith("Unit.code", StringComparison.Ordinal))
                {
                    found.Add(path);
                }

                return;
            }

            foreach (var property in properties.EnumerateObject())
            {
                // A GET body's read-only member, accepted and ignored in a PUT (x-accepted-and-ignored), names nothing anew.
                if (property.Value.TryGetProperty("x-accepted-and-ignored", out var ignored) && ignored.GetBoolean())
                {
                    continue;
                }

                Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", depth + 1);
            }
        }

        foreach (var (method, path) in Writes)
        {
            var operation = document.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method);
            Walk(operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema"), "", 0);
        }

        return found;
    }

    private static async Task<(JsonElement Body, string ETag)> Read(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (await Json(response, HttpStatusCode.OK), response.Headers.ETag!.Tag);
    }

    private static async Task Refused(HttpResponseMessage response, string field)
    {
        var problem = await ProblemAssert.HasFieldErrors(response, field);
        Assert.That(problem.GetProperty("errors").GetProperty(field)[0].GetString(), Does.Contain("retired"), field);
    }

    private static string Unique(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 6)].ToUpperInvariant();

    private async Task<string> NewUnit(string agency, string parent, string tier)
    {
        var code = Unique($"{agency}-R");
        await Json(await Post(As("mps.registry_admin"), "/api/v1/units", new
        {
            code, agencyCode = agency, parentCode = parent, tier, nameVi = "Đơn vị sẽ giải thể", nameEn = "A unit to be retired",
        }), HttpStatusCode.Created);
        return code;
    }

    private async Task Retire(string url)
    {
        var registrar = As("mps.registry_admin");
        var (body, etag) = await Read(registrar, url);
        var request = JsonSerializer.SerializeToNode(body)!.AsObject();
        request["active"] = false;
        var retired = await Json(await Put(registrar, url, request, etag), HttpStatusCode.OK);
        Assert.That(retired.GetProperty("active").GetBoolean(), Is.False);
    }

    private static JsonObject Regulation(string code, string agency, string standingUnit, string firstHost = "MPS") => new()
    {
        ["code"] = code,
        ["titleVi"] = $"Quy chế phối hợp {code}",
        ["titleEn"] = $"Coordination regulation {code}",
        ["signedOn"] = "2025-03-01",
        ["signedAt"] = "Hà Nội",
        ["status"] = "in_force",
        ["parties"] = new JsonArray(
            new JsonObject { ["agencyCode"] = "MPS", ["standingUnitCode"] = "MPS-VP" },
            new JsonObject { ["agencyCode"] = agency, ["standingUnitCode"] = standingUnit }),
        ["signatories"] = new JsonArray(),
        ["reviewPolicy"] = new JsonObject
        {
            ["annualRotating"] = true, ["firstHostAgencyCode"] = firstHost, ["reviewMonth"] = 12, ["preliminaryAfterYears"] = 5, ["note"] = null,
        },
    };

    [Test]
    public async Task Every_agency_or_unit_a_task_or_regulation_names_is_refused_once_retired_and_kept_where_it_was()
    {
        var coordinator = As("mps.coordinator");
        var registrar = As("mps.registry_admin");

        // Before retirement: a task led by a new MPS unit with a new MIC counterpart and contact, and a regulation whose
        // other party is a new agency, and one whose MIC standing body is a new unit.
        var lead = await NewUnit("MPS", "MPS", "department");
        var counterpart = await NewUnit("MIC", "MIC", "department");
        var standing = await NewUnit("MIC", "MIC", "department");
        var agency = Unique("AG");
        await Json(await Post(registrar, "/api/v1/agencies", new { code = agency, nameVi = "Bộ thử nghiệm", nameEn = "Ministry of Tests" }), HttpStatusCode.Created);
        var taskId = await Create(coordinator, NewTask(lead: lead, counterparts: [counterpart]), "assigned");
        var withAgency = (await Json(await Post(coordinator, "/api/v1/regulations", Regulation(Unique("QC-A"), agency, agency, firstHost: agency)), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();
        var withUnit = (await Json(await Post(coordinator, "/api/v1/regulations", Regulation(Unique("QC-U"), "MIC", standing)), HttpStatusCode.Created))
            .GetProperty("id").GetInt32();

        await Retire($"/api/v1/units/{lead}");
        await Retire($"/api/v1/units/{counterpart}");
        await Retire($"/api/v1/units/{standing}");
        await Retire($"/api/v1/agencies/{agency}");

        // Each member the document lists, named newly: a 400 naming it.
        var contactInRetired = Edit(NewTask());
        contactInRetired["contacts"]![0]!["unitCode"] = lead;
        var cases = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
        {
            ["leadUnitCode"] = async () =>
            {
                await Refused(await Post(coordinator, "/api/v1/tasks", NewTask(lead: lead, counterparts: ["MIC-ATTT"])), "leadUnitCode");
                var other = await Create(coordinator, NewTask(), "assigned");
                var (_, etag) = await Read(coordinator, $"/api/v1/tasks/{other}");
                await Refused(await Put(coordinator, $"/api/v1/tasks/{other}", Edit(NewTask(lead: lead)), etag), "leadUnitCode");
            },
            ["counterpartUnitCodes[]"] = async () =>
                await Refused(await Post(coordinator, "/api/v1/tasks", NewTask(counterparts: ["MIC-ATTT", counterpart])), "counterpartUnitCodes[1]"),
            ["contacts[].unitCode"] = async () =>
            {
                var body = JsonSerializer.SerializeToNode(NewTask())!.AsObject();
                body["contacts"]![0]!["unitCode"] = lead;
                await Refused(await Post(coordinator, "/api/v1/tasks", body), "contacts[0].unitCode");
                var other = await Create(coordinator, NewTask(), "assigned");
                var (_, etag) = await Read(coordinator, $"/api/v1/tasks/{other}");
                await Refused(await Put(coordinator, $"/api/v1/tasks/{other}", contactInRetired, etag), "contacts[0].unitCode");
            },
            ["parties[].agencyCode"] = async () =>
                await Refused(await Post(coordinator, "/api/v1/regulations", Regulation(Unique("QC-X"), agency, agency)), "parties[1].agencyCode"),
            ["parties[].standingUnitCode"] = async () =>
            {
                await Refused(await Post(coordinator, "/api/v1/regulations", Regulation(Unique("QC-Y"), "MIC", standing)), "parties[1].standingUnitCode");
                var (detail, etag) = await Read(coordinator, $"/api/v1/regulations/{withAgency}");
                var moved = RegistryTests.RequestOf(detail);
                // A PUT keeps the signing parties (RegulationPartiesTests): MPS moves its own standing body to a retired unit.
                moved["parties"]![0]!["standingUnitCode"] = lead;
                await Refused(await Put(coordinator, $"/api/v1/regulations/{withAgency}", moved, etag), "parties[0].standingUnitCode");
            },
            ["parties[].standingUnit.code"] = async () =>
            {
                var body = Regulation(Unique("QC-W"), "MIC", "MIC-VP");
                body["parties"]![1] = new JsonObject { ["agencyCode"] = "MIC", ["standingUnit"] = new JsonObject { ["code"] = standing } };
                await Refused(await Post(coordinator, "/api/v1/regulations", body), "parties[1].standingUnit.code");
            },
            ["reviewPolicy.firstHostAgencyCode"] = async () =>
                await Refused(await Post(coordinator, "/api/v1/regulations", Regulation(Unique("QC-Z"), agency, agency, firstHost: agency)), "reviewPolicy.firstHostAgencyCode"),
        };
        Assert.That(ReferencingMembers(), Is.EquivalentTo(cases.Keys), "every agency or unit member of the task and regulation write requests has a case");
        foreach (var (_, check) in cases)
        {
            await check();
        }

        // What already names them reads and PUTs back unchanged (same ETag: nothing written), and takes other edits.
        foreach (var url in new[] { $"/api/v1/tasks/{taskId}", $"/api/v1/regulations/{withAgency}", $"/api/v1/regulations/{withUnit}" })
        {
            var (read, etag) = await Read(coordinator, url);
            var body = url.Contains("/tasks/", StringComparison.Ordinal) ? (JsonNode)JsonSerializer.SerializeToNode(read)! : RegistryTests.RequestOf(read);
            var put = await Put(coordinator, url, body, etag);
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {await put.Content.ReadAsStringAsync()}");
            if (url.Contains("/tasks/", StringComparison.Ordinal))
            {
                Assert.That(put.Headers.ETag!.Tag, Is.EqualTo(etag), "a no-change PUT writes nothing");
                var edited = body.AsObject();
                edited["titleEn"] = "Still led by a unit retired since";
                var changed = await Json(await Put(coordinator, url, edited, etag), HttpStatusCode.OK);
                Assert.That(changed.GetProperty("leadUnit").GetProperty("code").GetString(), Is.EqualTo(lead));
            }
        }
    }
}
