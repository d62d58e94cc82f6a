using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Agencies;

/// <summary>
/// Issue 18, "any regulation between any agencies", through the API alone: a registry admin adds a third ministry and
/// gives it its first admin; that admin adds its units, persons and an officer; a regulation between it and MPS is
/// signed by persons of both, gets its text, a task, its generated review schedule and one concluded review. MPS, a
/// party, sees all of it; MIC, not a party, sees none of it in any list, read, count, search or export.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ThirdAgencyScenarioTests(string provider) : ApiTest(provider)
{
    private const string Password = "Defence-Ministry-1";

    private static readonly string[] MicUsers = ["mic.coordinator", "mic.viewer", "mic.auditor", "mic.admin"];

    [Test]
    public async Task A_third_ministry_joins_signs_a_regulation_with_mps_holds_a_review_and_mic_sees_none_of_it()
    {
        var marker = Marker("bqp");
        var micBefore = await MicSnapshot();

        // 1. The register's keeper adds the ministry (its ministry unit comes with it) and gives it its first admin.
        var registrar = As("mps.registry_admin");
        await Json(await Post(registrar, "/api/v1/agencies", new { code = "MOD", nameVi = "Bộ Quốc phòng", nameEn = "Ministry of National Defence" }), HttpStatusCode.Created);
        var firstAdmin = await Json(await Post(registrar, "/api/v1/agencies/MOD/first-admin", new
        {
            username = "mod.admin", displayName = "Quản trị Bộ Quốc phòng", unitCode = "MOD", clearance = "secret", password = Password,
        }), HttpStatusCode.Created);
        Assert.That(firstAdmin.GetProperty("agencyCode").GetString(), Is.EqualTo("MOD"));
        await ProblemAssert.IsProblem(await Post(registrar, "/api/v1/agencies/MOD/first-admin", new
        {
            username = "mod.admin2", displayName = "Quản trị thứ hai", unitCode = "MOD", clearance = "secret", password = Password,
        }), HttpStatusCode.Conflict);
        await ProblemAssert.IsProblem(await As("mic.admin").GetAsync(new Uri("/api/v1/agencies/MOD/first-admin", UriKind.Relative)), HttpStatusCode.Forbidden);

        // 2. From here on the new ministry's own admin (also its coordinator) acts for it.
        using var mod = Factory.CreateClient();
        mod.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn("mod.admin", Password));
        var me = await GetJson<JsonElement>(mod, "/api/v1/auth/me");
        Assert.That(me.GetProperty("agencyCode").GetString(), Is.EqualTo("MOD"));
        foreach (var (code, parent, tier, vi, en) in new[]
                 {
                     ("MOD-VP", "MOD", "department", "Văn phòng Bộ Quốc phòng", "Office of the Ministry of National Defence"),
                     ("MOD-TCKG", "MOD", "department", "Bộ Tư lệnh Tác chiến không gian mạng", "Cyberspace Operations Command"),
                     ("MOD-TCKG-P1", "MOD-TCKG", "division", "Phòng Kỹ thuật", "Technical Division"),
                 })
        {
            await Json(await Post(mod, "/api/v1/units", new { code, agencyCode = "MOD", parentCode = parent, tier, nameVi = vi, nameEn = en }), HttpStatusCode.Created);
        }

        var tree = (await GetJson<JsonElement>(mod, "/api/v1/agencies/MOD/units")).EnumerateArray().Single();
        Assert.That(tree.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("code").GetString()), Is.EquivalentTo(new[] { "MOD-VP", "MOD-TCKG" }));
        await Json(await Post(mod, "/api/v1/persons", new
        {
            key = "phan-van-giang", fullName = "Phan Văn Giang", rankVi = "Đại tướng", rankEn = "General",
            positionVi = "Bộ trưởng Bộ Quốc phòng", positionEn = "Minister of National Defence", agencyCode = "MOD", unitCode = "MOD",
        }), HttpStatusCode.Created);
        await ProblemAssert.IsProblem(await Post(mod, "/api/v1/persons", new { key = "not-mine", fullName = "Người của Bộ Công an", agencyCode = "MPS" }), HttpStatusCode.Forbidden);
        await Json(await Post(mod, "/api/v1/admin/users", new
        {
            username = "mod.officer", displayName = "Cán bộ Bộ Tư lệnh 86", unitCode = "MOD-TCKG", roles = new[] { "officer" }, clearance = "confidential", password = Password,
        }), HttpStatusCode.Created);

        // 3. A regulation between MOD and MPS, signed by a person of each (keys read from the persons endpoint).
        var mpsSigner = (await GetAllPages(mod, "/api/v1/persons?agency=MPS&q=to%20lam")).Single().GetProperty("key").GetString();
        var regulation = await Json(await Post(mod, "/api/v1/regulations", new
        {
            code = $"QC-{marker}".ToUpperInvariant(),
            titleVi = $"Quy chế phối hợp giữa Bộ Quốc phòng và Bộ Công an {marker}",
            titleEn = $"Coordination regulation between the Ministry of National Defence and the Ministry of Public Security {marker}",
            signedOn = "2024-03-15",
            signedAt = "Hà Nội",
            status = "in_force",
            parties = new[] { new { agencyCode = "MOD", standingUnitCode = "MOD-VP" }, new { agencyCode = "MPS", standingUnitCode = "MPS-VP" } },
            signatories = new[] { "phan-van-giang", mpsSigner },
            reviewPolicy = new { annualRotating = true, firstHostAgencyCode = "MOD", reviewMonth = 12, preliminaryAfterYears = 5, note = (string?)null },
        }), HttpStatusCode.Created);
        var regulationId = regulation.GetProperty("id").GetInt32();
        Assert.That(regulation.GetProperty("signatories").EnumerateArray().Select(s => s.GetProperty("agencyCode").GetString()), Is.EqualTo(new[] { "MOD", "MPS" }));

        // 4. Its text: version 1, one chapter with one article, published.
        var versions = $"/api/v1/regulations/{regulationId}/versions";
        await Json(await Post(mod, versions, new { note = "Văn bản ký" }), HttpStatusCode.Created);
        await Json(await Post(mod, $"{versions}/1/provisions", new { kind = "chapter", num = "I", headingVi = "Quy định chung", headingEn = "General provisions", isSummary = false }), HttpStatusCode.Created);
        await Json(await Post(mod, $"{versions}/1/provisions", new
        {
            parentAknId = "chp_1", kind = "article", num = "1", headingVi = "Phạm vi phối hợp", headingEn = "Scope of coordination",
            textVi = $"Phối hợp bảo vệ an ninh mạng {marker}.", textEn = $"Coordination in protecting cyber security {marker}.", isSummary = false,
        }), HttpStatusCode.Created);
        var version = await mod.GetAsync(new Uri($"{versions}/1", UriKind.Relative));
        await Json(version, HttpStatusCode.OK);
        using (var publish = new HttpRequestMessage(HttpMethod.Post, new Uri($"{versions}/1/publish", UriKind.Relative)) { Content = System.Net.Http.Json.JsonContent.Create(new { effectiveFrom = "2024-03-15" }) })
        {
            publish.Headers.IfMatch.Add(version.Headers.ETag!);
            await Json(await mod.SendAsync(publish), HttpStatusCode.OK);
        }

        // 5. The review schedule, generated from the policy: annual reviews hosted in turn from MOD, and the preliminary one.
        await Json(await Post(mod, $"/api/v1/reviews/generate?regulationId={regulationId}", new { }), HttpStatusCode.OK);
        var reviews = await GetAllPages(mod, $"/api/v1/reviews?regulationId={regulationId}");
        var annual = reviews.Where(r => r.GetProperty("kind").GetString() == "annual").OrderBy(r => r.GetProperty("periodYear").GetInt32()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(annual, Is.Not.Empty);
            Assert.That(annual.Select(r => r.GetProperty("hostAgencyCode").GetString()).Take(2), Is.EqualTo(new[] { "MOD", "MPS" }.Take(annual.Count)));
            Assert.That(reviews.Count(r => r.GetProperty("kind").GetString() == "preliminary"), Is.EqualTo(1));
        });
        var review = annual[0];
        var reviewId = review.GetProperty("id").GetInt32();
        var planYear = review.GetProperty("periodYear").GetInt32();

        // 6. Tasks of that year: one led by MOD with an MPS counterpart, assigned (unfinished at the review).
        var task = await Create(mod, new
        {
            regulationId,
            titleVi = $"Diễn tập ứng cứu sự cố an ninh mạng {marker}",
            titleEn = $"Joint cyber incident response exercise {marker}",
            descriptionVi = "Mô tả",
            descriptionEn = "Description",
            citations = new[] { new { aknId = "chp_1__art_1", versionId = (int?)null } },
            leadUnitCode = "MOD-TCKG",
            counterpartUnitCodes = new[] { "MPS-A05" },
            contacts = Array.Empty<object>(),
            classification = "unclassified",
            kind = "one_off",
            recurrence = (string?)null,
            planYear,
            startDate = $"{planYear}-04-01",
            dueDate = $"{planYear}-11-30",
            priority = "high",
        }, "assigned");

        // 7. The review, hosted by MOD: scheduled, held, every task evaluated, concluded; the plan carries the task over.
        await Json(await Post(mod, $"/api/v1/reviews/{reviewId}/transitions", new
        {
            to = "scheduled", scheduledOn = $"{planYear}-12-10", venue = "Hà Nội", chairs = "Thứ trưởng Bộ Quốc phòng; Thứ trưởng Bộ Công an",
        }), HttpStatusCode.OK);
        await Json(await Post(mod, $"/api/v1/reviews/{reviewId}/transitions", new
        {
            to = "held", attendees = "Văn phòng Bộ Quốc phòng; Văn phòng Bộ Công an", minutes = $"Biên bản hội nghị {marker}",
        }), HttpStatusCode.OK);
        var grid = await GetAllPages(mod, $"/api/v1/reviews/{reviewId}/evaluations");
        Assert.That(grid.Select(e => e.GetProperty("task").GetProperty("id").GetInt32()), Is.EquivalentTo(new[] { task }));
        await Json(await Put(As("mps.coordinator"), $"/api/v1/reviews/{reviewId}/evaluations/{task}",
            new { result = "partly_achieved", comment = $"Đánh giá {marker}" }, grid.Single().GetProperty("etag").GetString()), HttpStatusCode.OK);
        var concluded = await Json(await Post(mod, $"/api/v1/reviews/{reviewId}/transitions", new { to = "concluded" }), HttpStatusCode.OK);
        Assert.That(concluded.GetProperty("status").GetString(), Is.EqualTo("concluded"));
        var plan = await GetJson<JsonElement>(mod, $"/api/v1/reviews/{reviewId}/plan");
        var carried = plan.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("origin").GetString() == "carried_over").ToList();
        Assert.That(carried.Select(i => i.GetProperty("sourceTaskId").GetInt32()), Is.EqualTo(new[] { task }));
        var successor = carried[0].GetProperty("task").GetProperty("id").GetInt32();

        // MPS, a party, sees the regulation, its tasks and its review.
        var mps = As("mps.viewer");
        Assert.That((await GetAllPages(mps, "/api/v1/regulations")).Select(r => r.GetProperty("id").GetInt32()), Does.Contain(regulationId));
        // The carried-over original is closed as carried_over: listed when asked for, its successor by default.
        Assert.That((await GetAllPages(mps, $"/api/v1/tasks?regulationId={regulationId}")).Select(t => t.GetProperty("id").GetInt32()), Does.Contain(successor));
        Assert.That((await GetAllPages(mps, $"/api/v1/tasks?regulationId={regulationId}&status=carried_over")).Select(t => t.GetProperty("id").GetInt32()), Does.Contain(task));
        await GetJson<JsonElement>(mps, $"/api/v1/reviews/{reviewId}");
        Assert.That(await SearchHits(mps, marker), Is.Not.Empty, "the search finds the new regulation's text and tasks for a party");

        // 8. MIC is no party: nothing of it exists for MIC, whatever the role and clearance.
        foreach (var user in MicUsers)
        {
            var mic = As(user);
            Assert.That((await GetAllPages(mic, "/api/v1/regulations")).Select(r => r.GetProperty("id").GetInt32()), Does.Not.Contain(regulationId), user);
            foreach (var url in new[]
                     {
                         $"/api/v1/regulations/{regulationId}", $"/api/v1/regulations/{regulationId}/versions", $"/api/v1/regulations/{regulationId}/text",
                         $"/api/v1/tasks/{task}", $"/api/v1/tasks/{successor}", $"/api/v1/tasks/{task}/history",
                         $"/api/v1/reviews/{reviewId}", $"/api/v1/reviews/{reviewId}/evaluations", $"/api/v1/reviews/{reviewId}/plan",
                         $"/api/v1/reviews/summary?regulationId={regulationId}",
                     })
            {
                var response = await mic.GetAsync(new Uri(url, UriKind.Relative));
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), $"{user} GET {url}: {await response.Content.ReadAsStringAsync()}");
                await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
            }

            // The dashboard of a regulation the caller cannot see: 404 once issue 18's dashboard fix lands, empty until then.
            var dashboard = await mic.GetAsync(new Uri($"/api/v1/dashboard?regulationId={regulationId}", UriKind.Relative));
            if (dashboard.StatusCode != HttpStatusCode.NotFound)
            {
                var counts = await Json(dashboard, HttpStatusCode.OK);
                Assert.That(counts.GetProperty("counts").GetProperty("total").GetInt32(), Is.Zero, user);
                foreach (var part in new[] { "byAgency", "overdue", "dueSoon", "progressByUnit", "coverage", "nextReviews" })
                {
                    Assert.That(counts.GetProperty(part).GetArrayLength(), Is.Zero, $"{user} dashboard {part}");
                }
            }

            foreach (var list in new[] { $"/api/v1/tasks?regulationId={regulationId}", $"/api/v1/reviews?regulationId={regulationId}" })
            {
                var response = await mic.GetAsync(new Uri(list, UriKind.Relative));
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    Assert.That((await Json(response, HttpStatusCode.OK)).GetProperty("items").GetArrayLength(), Is.Zero, $"{user} {list}");
                }
            }

            Assert.That((await GetAllPages(mic, "/api/v1/tasks?limit=200")).Select(t => t.GetProperty("id").GetInt32()), Does.Not.Contain(task).And.Not.Contain(successor), user);
            Assert.That((await GetAllPages(mic, "/api/v1/reviews?limit=200")).Select(r => r.GetProperty("regulationId").GetInt32()), Does.Not.Contain(regulationId), user);
            Assert.That(await SearchHits(mic, marker), Is.Empty, $"{user}: search");
        }

        var micAfter = await MicSnapshot();
        Assert.Multiple(() =>
        {
            foreach (var (what, before) in micBefore)
            {
                Assert.That(micAfter[what], Is.EqualTo(before), $"MIC's {what} did not change");
            }
        });
        foreach (var (what, body) in await MicExports())
        {
            Assert.That(body, Does.Not.Contain(marker).IgnoreCase, $"MIC's {what} export");
        }

        var audit = await GetAllPages(As("mic.auditor"), $"/api/v1/audit?entityType=regulation&entityId={regulationId}");
        Assert.That(audit, Is.Empty, "MIC's auditor sees no entry about the regulation");
    }

    /// <summary>The dashboard counts and the export row counts of MIC's coordinator and auditor.</summary>
    private async Task<Dictionary<string, string>> MicSnapshot()
    {
        var snapshot = new Dictionary<string, string>();
        foreach (var user in new[] { "mic.coordinator", "mic.auditor" })
        {
            var dashboard = await GetJson<JsonElement>(As(user), "/api/v1/dashboard");
            snapshot[$"{user} dashboard counts"] = dashboard.GetProperty("counts").GetRawText();
            snapshot[$"{user} dashboard by agency"] = dashboard.GetProperty("byAgency").GetRawText();
            snapshot[$"{user} dashboard next reviews"] = dashboard.GetProperty("nextReviews").GetRawText();
        }

        foreach (var (what, body) in await MicExports())
        {
            snapshot[$"{what} rows"] = JsonDocument.Parse(body).RootElement.GetArrayLength().ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return snapshot;
    }

    private async Task<List<(string What, string Body)>> MicExports()
    {
        var exports = new List<(string, string)>();
        foreach (var user in new[] { "mic.coordinator", "mic.auditor" })
        {
            foreach (var dataset in new[] { "tasks", "reviews", "evaluations", "progress-reports", "articles" })
            {
                var response = await As(user).GetAsync(new Uri($"/api/v1/exports/{dataset}?format=json", UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    exports.Add(($"{user} {dataset}", body));
                }
                else
                {
                    // A dataset that needs a parameter (articles of one regulation) is refused for lack of it, never served.
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{user} {dataset}: {body}");
                }
            }
        }

        return exports;
    }

    private async Task<List<JsonElement>> SearchHits(HttpClient client, string marker) =>
        await GetAllPages(client, $"/api/v1/search?q={Uri.EscapeDataString(marker)}");
}
