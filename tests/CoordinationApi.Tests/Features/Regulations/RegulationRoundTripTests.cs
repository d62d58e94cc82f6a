using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Regulations;

/// <summary>
/// A regulation's GET body PUTs back: a party's standing body is read from <c>standingUnit.code</c> and a signatory from
/// the signatory object's <c>personKey</c>, so a change made there takes effect; the documented write members
/// (<c>standingUnitCode</c>, person keys as strings) still work, and a party naming two different units is a 400 naming
/// the field, never a silent pick. The whole GET body sent back unchanged is covered, with every other GET/PUT pair, by
/// <see cref="Contract.GetBodiesPutBackTests"/>.
/// </summary>
public sealed class RegulationRoundTripTests() : RegulationTextTest("Sqlite")
{
    private int made;

    [Test]
    public async Task A_standing_unit_a_signatory_and_a_note_changed_in_the_get_body_take_effect()
    {
        var (coordinator, url) = await NewRegulation();
        var key = await NewPerson("MPS", "Lê Văn Ký");
        var (body, etag) = await GetWithETag(coordinator, url);
        var changed = JsonNode.Parse(body.GetRawText())!.AsObject();
        changed["parties"]![0]!["standingUnit"]!["code"] = "MPS-A05";
        changed["signatories"]![0]!["personKey"] = key; // its fullName, personId... still the old signatory's: ignored
        changed["reviewPolicy"]!["note"] = "Moved to November.";
        var audited = await AuditCount("regulation.update");

        var answer = await Json(await Send(coordinator, HttpMethod.Put, url, changed, etag), HttpStatusCode.OK);

        var (after, newETag) = await GetWithETag(coordinator, url);
        foreach (var shown in new[] { answer, after })
        {
            Assert.That(shown.GetProperty("parties")[0].GetProperty("standingUnit").GetProperty("code").GetString(), Is.EqualTo("MPS-A05"));
            Assert.That(shown.GetProperty("parties")[1].GetProperty("standingUnit").GetProperty("code").GetString(), Is.EqualTo("MIC-VP"));
            var signatory = shown.GetProperty("signatories")[0];
            Assert.That((signatory.GetProperty("personKey").GetString(), signatory.GetProperty("fullName").GetString()), Is.EqualTo((key, "Lê Văn Ký")));
            Assert.That(shown.GetProperty("signatories")[1].GetProperty("personKey").GetString(), Is.EqualTo("nguyen-manh-hung"));
            Assert.That(shown.GetProperty("reviewPolicy").GetProperty("note").GetString(), Is.EqualTo("Moved to November."));
        }

        Assert.That(newETag, Is.Not.EqualTo(etag));
        Assert.That(await AuditCount("regulation.update"), Is.EqualTo(audited + 1));
    }

    [Test]
    public async Task The_documented_write_members_still_work_and_may_be_mixed_with_the_get_form()
    {
        var (coordinator, url) = await NewRegulation();
        var (body, etag) = await GetWithETag(coordinator, url);
        var changed = JsonNode.Parse(body.GetRawText())!.AsObject();
        changed["parties"]![0]!.AsObject().Remove("standingUnit");
        changed["parties"]![0]!["standingUnitCode"] = "MPS-A05";
        changed["parties"]![1]!["standingUnitCode"] = "MIC-VP"; // beside standingUnit.code, the same unit: no conflict
        changed["signatories"] = new JsonArray("nguyen-manh-hung", changed["signatories"]![0]!.DeepClone());

        var answer = await Json(await Send(coordinator, HttpMethod.Put, url, changed, etag), HttpStatusCode.OK);

        Assert.That(answer.GetProperty("parties").EnumerateArray().Select(p => p.GetProperty("standingUnit").GetProperty("code").GetString()),
            Is.EqualTo(new[] { "MPS-A05", "MIC-VP" }));
        Assert.That(answer.GetProperty("signatories").EnumerateArray().Select(s => s.GetProperty("personKey").GetString()),
            Is.EqualTo(new[] { "nguyen-manh-hung", "to-lam" }));
    }

    [Test]
    public async Task A_party_naming_two_units_or_none_and_a_malformed_signatory_are_400s_naming_the_field_that_change_nothing()
    {
        var (coordinator, url) = await NewRegulation();
        var (body, etag) = await GetWithETag(coordinator, url);
        var cases = new (string Name, Action<JsonObject> Change, string Field)[]
        {
            ("standingUnitCode differs from standingUnit.code", b => b["parties"]![0]!["standingUnitCode"] = "MPS-A05", "parties[0].standingUnitCode"),
            ("neither standingUnitCode nor standingUnit", b => b["parties"]![1]!.AsObject().Remove("standingUnit"), "parties[1].standingUnitCode"),
            ("a standing unit of another agency", b => b["parties"]![1]!["standingUnit"]!["code"] = "MPS-A05", "parties[1].standingUnit.code"),
            ("a member neither form has, in a signatory", b => b["signatories"]![0]!["notAMember"] = 1, "signatories[0].notAMember"),
            ("a signatory object without its key", b => b["signatories"]![0]!.AsObject().Remove("personKey"), "signatories[0].personKey"),
            ("a read-only member of the wrong type, in a signatory", b => b["signatories"]![0]!["personId"] = "one", "signatories[0]"),
            ("a signatory that is neither a key nor an object", b => b["signatories"]![1] = 12, "signatories[1]"),
            ("an unknown person key in a signatory object", b => b["signatories"]![1]!["personKey"] = "nobody-at-all", "signatories[1]"),
        };

        foreach (var (name, change, field) in cases)
        {
            var wrong = JsonNode.Parse(body.GetRawText())!.AsObject();
            change(wrong);
            var response = await Send(coordinator, HttpMethod.Put, url, wrong, etag);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{name}: {await response.Content.ReadAsStringAsync()}");
            await ProblemAssert.HasFieldErrors(response, field);
        }

        var (after, afterETag) = await GetWithETag(coordinator, url);
        Assert.That((afterETag, after.GetRawText()), Is.EqualTo((etag, body.GetRawText())), "a refused body changes nothing");
    }

    /// <summary>A regulation of MPS and MIC signed by a minister of each, and its URL.</summary>
    private async Task<(HttpClient Coordinator, string Url)> NewRegulation()
    {
        var coordinator = As("mps.coordinator");
        var regulation = Regulation($"QC-RR-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..16], ("MPS", "MPS-VP"), ("MIC", "MIC-VP"));
        regulation["signatories"] = new[] { "to-lam", "nguyen-manh-hung" };
        var id = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", regulation), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        return (coordinator, $"/api/v1/regulations/{id}");
    }

    private async Task<string> NewPerson(string agency, string fullName)
    {
        var key = $"rt-person-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..24];
        await Json(await Send(As("mps.admin"), HttpMethod.Post, "/api/v1/persons", new { key, fullName, agencyCode = agency, unitCode = "MPS-VP" }), HttpStatusCode.Created);
        return key;
    }
}
