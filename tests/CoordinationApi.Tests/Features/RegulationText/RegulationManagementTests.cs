using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using Dapper;

namespace CoordinationApi.Tests.Features.RegulationText;

/// <summary>Coordinators create and edit regulations: parties, standing bodies, signatories, review policy, status.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RegulationManagementTests(string provider) : RegulationTextTest(provider)
{
    [Test]
    public async Task A_coordinator_creates_a_regulation_and_gives_it_a_text()
    {
        var coordinator = As("mps.coordinator");
        var request = Regulation("QC2024", ("MPS", "MPS-A05"), ("MIC", "MIC-ATTT"));
        request["signatories"] = new List<string> { "luong-tam-quang", "nguyen-manh-hung" };
        var audit = await AuditCount("regulation.create");

        var response = await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", request);

        var created = await Json(response, HttpStatusCode.Created);
        var id = created.GetProperty("id").GetInt32();
        Assert.Multiple(() =>
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/regulations/{id}"));
            Assert.That(response.Headers.ETag, Is.Not.Null);
            Assert.That(created.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("standingUnit").GetProperty("code").GetString()),
                Is.EqualTo(new[] { "MPS-A05", "MIC-ATTT" }));
            Assert.That(created.GetProperty("signatories").EnumerateArray().Select(s => s.GetProperty("agencyCode").GetString()), Is.EqualTo(new[] { "MPS", "MIC" }));
            Assert.That(created.GetProperty("reviewPolicy").GetProperty("preliminaryAfterYears").GetInt32(), Is.EqualTo(3));
            Assert.That(created.GetProperty("currentVersion").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
        Assert.That(await AuditCount("regulation.create"), Is.EqualTo(audit + 1));

        await PublishSingleArticle(coordinator, id, "Phạm vi", "Quy chế này quy định việc phối hợp.");
        var text = await GetJson<JsonElement>(As("mic.viewer"), $"/api/v1/regulations/{id}/text?asOf=2023-06-01");
        Assert.That(text.GetProperty("chapters")[0].GetProperty("children")[0].GetProperty("aknId").GetString(), Is.EqualTo("chp_1__art_1"));
    }

    private static IEnumerable<TestCaseData> InvalidRequests()
    {
        yield return Case("one party", r => r["parties"] = new[] { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" } }, "parties");
        yield return Case("the same party twice", r => r["parties"] = new[]
            { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "MPS", standingUnitCode = "MPS-A05" } }, "parties");
        yield return Case("a standing unit of another agency", r => r["parties"] = new[]
            { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "MIC", standingUnitCode = "MPS-A05" } }, "parties[1].standingUnitCode");
        yield return Case("an unknown agency", r => r["parties"] = new[]
            { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "XYZ", standingUnitCode = "MIC-VP" } }, "parties[1].agencyCode");
        yield return Case("a signing date in the future", r => r["signedOn"] = "2999-01-01", "signedOn");
        yield return Case("a first host that is not a party", r => r["reviewPolicy"] =
            new { annualRotating = true, firstHostAgencyCode = "MOF", reviewMonth = 11, preliminaryAfterYears = 5 }, "reviewPolicy.firstHostAgencyCode");
        yield return Case("a preliminary review before a year", r => r["reviewPolicy"] =
            new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 11, preliminaryAfterYears = 0 }, "reviewPolicy.preliminaryAfterYears");
        yield return Case("a thirteenth month", r => r["reviewPolicy"] =
            new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 13, preliminaryAfterYears = 5 }, "reviewPolicy.reviewMonth");
        yield return Case("an unknown status", r => r["status"] = "active", "status");
        yield return Case("an unknown signatory", r => r["signatories"] = new[] { "nobody" }, "signatories[0]");
        yield return Case("no code and no title", r => { r["code"] = ""; r["titleVi"] = ""; }, "code", "titleVi");

        static TestCaseData Case(string name, Action<Dictionary<string, object?>> change, params string[] fields) =>
            new TestCaseData(change, fields).SetArgDisplayNames(name);
    }

    [TestCaseSource(nameof(InvalidRequests))]
    public async Task An_invalid_regulation_is_a_field_error_and_nothing_is_created(Action<Dictionary<string, object?>> change, string[] fields)
    {
        var request = Regulation("QC-INVALID", ("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        change(request);
        var coordinator = As("mps.coordinator");
        var audit = await AuditCount();

        var response = await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", request);

        await ProblemAssert.HasFieldErrors(response, fields);
        Assert.That(await AuditCount(), Is.EqualTo(audit));
        await using var connection = await OpenDatabase();
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM regulations WHERE code = 'QC-INVALID';"), Is.Zero);
    }

    [Test]
    public async Task An_empty_body_names_every_missing_field()
    {
        var response = await Send(As("mps.coordinator"), HttpMethod.Post, "/api/v1/regulations", new { });

        // Binding names the members the document requires (System.Text.Json lists the first of them); validators then the rest.
        await ProblemAssert.HasFieldErrors(response, "code", "titleVi", "titleEn", "signedAt", "status", "parties");
    }

    [Test]
    public async Task The_callers_agency_must_be_a_party()
    {
        await AddRegulationWithoutMps("QC-MIC-MOF-1");

        var response = await Send(As("mps.coordinator"), HttpMethod.Post, "/api/v1/regulations", Regulation("QC-NOT-MINE", ("MIC", "MIC-VP"), ("MOF", "MOF")));

        var problem = await ProblemAssert.HasFieldErrors(response, "parties");
        Assert.That(problem.GetProperty("errors").GetProperty("parties")[0].GetString(), Does.Contain("MPS"));
    }

    [Test]
    public async Task A_taken_code_is_a_conflict()
    {
        var response = await Send(As("mic.coordinator"), HttpMethod.Post, "/api/v1/regulations", Regulation("QC2021", ("MPS", "MPS-VP"), ("MIC", "MIC-VP")));

        await ProblemAssert.IsProblem(response, HttpStatusCode.Conflict);
    }

    [Test]
    public async Task An_update_needs_the_current_etag_and_is_audited()
    {
        var coordinator = As("mic.coordinator");
        var created = await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation("QC-UPD", ("MIC", "MIC-VP"), ("MPS", "MPS-VP"))), HttpStatusCode.Created);
        var url = $"/api/v1/regulations/{created.GetProperty("id").GetInt32()}";
        var (_, etag) = await GetWithETag(coordinator, url);
        var change = Regulation("QC-UPD", ("MIC", "MIC-VP"), ("MPS", "MPS-VP"));
        change["status"] = "superseded";
        change["titleEn"] = "Updated title";
        var audit = await AuditCount("regulation.update");

        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, change), HttpStatusCode.PreconditionRequired);
        var updated = await Send(As("mps.coordinator"), HttpMethod.Put, url, change, etag);
        var body = await Json(updated, HttpStatusCode.OK);
        await ProblemAssert.IsProblem(await Send(coordinator, HttpMethod.Put, url, change, etag), HttpStatusCode.PreconditionFailed);

        Assert.Multiple(() =>
        {
            Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("superseded"));
            Assert.That(body.GetProperty("titleEn").GetString(), Is.EqualTo("Updated title"));
            Assert.That(ETag(updated), Is.Not.EqualTo(etag));
        });
        Assert.That(await AuditCount("regulation.update"), Is.EqualTo(audit + 1));
    }

    [Test]
    public async Task A_regulation_of_other_agencies_cannot_be_updated()
    {
        var foreign = await AddRegulationWithoutMps("QC-MIC-MOF-2");

        var response = await Send(As("mps.coordinator"), HttpMethod.Put, $"/api/v1/regulations/{foreign}",
            Regulation("QC-MIC-MOF-2", ("MPS", "MPS-VP"), ("MIC", "MIC-VP")), "\"1\"");

        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
    }

    [TestCase("mps.viewer")]
    [TestCase("mic.officer")]
    [TestCase("mps.admin")]
    public async Task Only_coordinators_manage_regulations(string user)
    {
        var create = await Send(As(user), HttpMethod.Post, "/api/v1/regulations", Regulation("QC-403", ("MPS", "MPS-VP"), ("MIC", "MIC-VP")));
        var update = await Send(As(user), HttpMethod.Put, $"/api/v1/regulations/{DemoId}", Regulation("QC2021", ("MPS", "MPS-VP"), ("MIC", "MIC-VP")), "\"1\"");

        await ProblemAssert.IsProblem(create, HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblem(update, HttpStatusCode.Forbidden);
    }
}
