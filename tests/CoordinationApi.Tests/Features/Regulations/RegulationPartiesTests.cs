using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Regulations;

/// <summary>
/// The parties of a regulation are the agencies that signed it (ATTACK18 F10): a coordinator of one party cannot PUT the
/// regulation with the other party removed, replaced or with an agency added (which would hide the regulation, its tasks
/// and reviews from the party that signed it, and show them to an agency that never did), nor change the other party's
/// standing body. Each refusal is a 400 naming the field and changes nothing: the GET body and ETag stay, the other party
/// still reads it, the third agency still gets 404. A party changes its own standing body; reordering the parties is no change.
/// </summary>
public sealed class RegulationPartiesTests() : RegulationTextTest("Sqlite")
{
    private const string Third = "MOJ";
    private const string Password = "Justice-Ministry-1";
    private int made;
    private HttpClient third = null!;

    /// <summary>A third ministry with its first admin (also its coordinator), through the register's API.</summary>
    [OneTimeSetUp]
    public async Task AddThirdAgency()
    {
        var registrar = As("mps.registry_admin");
        await Json(await Send(registrar, HttpMethod.Post, "/api/v1/agencies", new { code = Third, nameVi = "Bộ Tư pháp", nameEn = "Ministry of Justice" }), HttpStatusCode.Created);
        await Json(await Send(registrar, HttpMethod.Post, $"/api/v1/agencies/{Third}/first-admin", new
        {
            username = "moj.admin", displayName = "Quản trị Bộ Tư pháp", unitCode = Third, clearance = "secret", password = Password,
        }), HttpStatusCode.Created);
        third = Factory.CreateClient();
        third.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn("moj.admin", Password));
    }

    [OneTimeTearDown]
    public void DisposeThird() => third?.Dispose();

    [Test]
    public async Task Mic_replacing_mps_with_a_third_agency_is_refused_and_changes_nothing()
    {
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        await Refused(url, body =>
        {
            body["parties"]![0] = new JsonObject { ["agencyCode"] = Third, ["standingUnitCode"] = Third };
            body["signatories"]!.AsArray().RemoveAt(0); // to-lam, of MPS
            body["reviewPolicy"]!["firstHostAgencyCode"] = "MIC";
        }, "parties");
    }

    [Test]
    public async Task Mic_replacing_mps_with_a_third_agency_in_the_get_form_is_refused_too()
    {
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        await Refused(url, body =>
        {
            body["parties"]![0]!["agencyCode"] = Third;
            body["parties"]![0]!["standingUnit"]!["code"] = Third;
            body["signatories"]!.AsArray().RemoveAt(0);
            body["reviewPolicy"]!["firstHostAgencyCode"] = Third;
        }, "parties");
    }

    [Test]
    public async Task Mic_removing_mps_is_refused_and_changes_nothing()
    {
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        await Refused(url, body =>
        {
            body["parties"]!.AsArray().RemoveAt(0);
            body["signatories"]!.AsArray().RemoveAt(0);
            body["reviewPolicy"]!["firstHostAgencyCode"] = "MIC";
        }, "parties");
    }

    [Test]
    public async Task Mic_removing_mps_from_a_regulation_of_three_parties_is_refused_and_changes_nothing()
    {
        // Two parties would remain, so only the rule on signed parties stops it (not the two-party minimum).
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"), (Third, Third));
        var response = await Refused(url, body =>
        {
            body["parties"]!.AsArray().RemoveAt(0);
            body["signatories"]!.AsArray().RemoveAt(0);
            body["reviewPolicy"]!["firstHostAgencyCode"] = "MIC";
        }, "parties", thirdIsParty: true);
        Assert.That(Errors(response, "parties"), Has.Some.Contains("MPS"), "the message names the party that stays");
    }

    [Test]
    public async Task Mic_adding_a_third_agency_is_refused_and_changes_nothing()
    {
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        var response = await Refused(url, body => body["parties"]!.AsArray().Add(new JsonObject { ["agencyCode"] = Third, ["standingUnitCode"] = Third }), "parties");
        Assert.That(Errors(response, "parties"), Has.Some.Contains(Third).And.Some.Contains("new regulation"));
    }

    [Test]
    public async Task Mic_changing_the_standing_body_of_mps_is_refused_in_either_form()
    {
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        await Refused(url, body => body["parties"]![0]!["standingUnit"]!["code"] = "MPS-A05", "parties[0].standingUnit.code");
        await Refused(url, body =>
        {
            body["parties"]![0]!.AsObject().Remove("standingUnit");
            body["parties"]![0]!["standingUnitCode"] = "MPS-A05";
        }, "parties[0].standingUnitCode");
    }

    [Test]
    public async Task Each_party_changes_its_own_standing_body()
    {
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        foreach (var (caller, index, unit) in new[] { ("mps.coordinator", 0, "MPS-A05"), ("mic.coordinator", 1, "MIC-ATTT") })
        {
            var (body, etag) = await GetWithETag(As(caller), url);
            var changed = JsonNode.Parse(body.GetRawText())!.AsObject();
            changed["parties"]![index]!["standingUnit"]!["code"] = unit;

            var answer = await Json(await Send(As(caller), HttpMethod.Put, url, changed, etag), HttpStatusCode.OK);

            Assert.That(answer.GetProperty("parties")[index].GetProperty("standingUnit").GetProperty("code").GetString(), Is.EqualTo(unit), caller);
        }

        var (after, _) = await GetWithETag(As("mps.viewer"), url);
        Assert.That(after.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("standingUnit").GetProperty("code").GetString()),
            Is.EqualTo(new[] { "MPS-A05", "MIC-ATTT" }));
    }

    [Test]
    public async Task Parties_sent_in_another_order_are_no_change()
    {
        var url = await NewRegulation(("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        var (body, etag) = await GetWithETag(As("mic.coordinator"), url);
        var swapped = JsonNode.Parse(body.GetRawText())!.AsObject();
        var parties = swapped["parties"]!.AsArray();
        var first = parties[0]!.DeepClone();
        parties.RemoveAt(0);
        parties.Add(first);
        var audited = await AuditCount("regulation.update");

        var response = await Send(As("mic.coordinator"), HttpMethod.Put, url, swapped, etag);
        await Json(response, HttpStatusCode.OK);

        var (after, afterETag) = await GetWithETag(As("mic.coordinator"), url);
        Assert.That((ETag(response), afterETag, after.GetRawText()), Is.EqualTo((etag, etag, body.GetRawText())));
        Assert.That(await AuditCount("regulation.update"), Is.EqualTo(audited));
    }

    /// <summary>
    /// MIC's coordinator PUTs the GET body changed by <paramref name="change"/> (with the current ETag): a 400 naming
    /// <paramref name="field"/>, and nothing changed for anyone.
    /// </summary>
    private async Task<JsonElement> Refused(string url, Action<JsonObject> change, string field, bool thirdIsParty = false)
    {
        var mic = As("mic.coordinator");
        var (body, etag) = await GetWithETag(As("mps.coordinator"), url);
        var changed = JsonNode.Parse(body.GetRawText())!.AsObject();
        change(changed);
        var audited = await AuditCount("regulation.update");

        var response = await Send(mic, HttpMethod.Put, url, changed, etag);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var problem = await ProblemAssert.HasFieldErrors(response, field);
        foreach (var reader in new[] { "mps.coordinator", "mps.viewer", "mic.coordinator" })
        {
            var (after, afterETag) = await GetWithETag(As(reader), url);
            Assert.That((afterETag, after.GetRawText()), Is.EqualTo((etag, body.GetRawText())), $"{reader}: a refused body changes nothing");
        }

        var listed = await GetAllPages(As("mps.viewer"), "/api/v1/regulations");
        Assert.That(listed.Select(r => r.GetProperty("id").GetInt32()), Does.Contain(body.GetProperty("id").GetInt32()), "MPS still lists it");
        var seenByThird = await third.GetAsync(new Uri(url, UriKind.Relative));
        Assert.That(seenByThird.StatusCode, Is.EqualTo(thirdIsParty ? HttpStatusCode.OK : HttpStatusCode.NotFound), $"{Third} reads it only as a signing party");
        Assert.That(await AuditCount("regulation.update"), Is.EqualTo(audited));
        return problem;
    }

    private static List<string> Errors(JsonElement problem, string field) =>
        [.. problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()!)];

    /// <summary>A regulation between the given parties signed by the ministers of MPS and MIC, made by MPS's coordinator; its URL.</summary>
    private async Task<string> NewRegulation(params (string Agency, string Unit)[] parties)
    {
        var regulation = Regulation($"QC-RP-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..16], parties);
        regulation["signatories"] = new[] { "to-lam", "nguyen-manh-hung" };
        var id = (await Json(await Send(As("mps.coordinator"), HttpMethod.Post, "/api/v1/regulations", regulation), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        return $"/api/v1/regulations/{id}";
    }
}
