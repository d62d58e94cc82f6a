using System.Net;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Tests.Features.RegulationText;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// If-Match as RFC 9110 reads it (section 13.1.1), on every endpoint that requires it — found from the endpoint data
/// source (they declare 428), not listed by hand: <c>*</c> matches the current record; a list matches when one of its
/// tags is the current ETag (strong comparison: a weak tag never matches); a list without it is a 412; a malformed value
/// is a 400 naming the header; a missing one stays a 428. A refused request changes nothing.
/// </summary>
public sealed class IfMatchTests() : RegulationTextTest("Sqlite")
{
    /// <summary>A request that would succeed with the right If-Match, on a record of its own.</summary>
    private sealed record Target(HttpClient Client, HttpMethod Method, string Url, object? Body, string ETag);

    private static readonly string[] Malformed = ["12", "abc", "\"12", "W/12", "*, \"12\"", "\"1\" \"2\"", ","];

    private readonly Dictionary<string, Func<Task<Target>>> targets = [];
    private int made;

    [OneTimeSetUp]
    public void DescribeTargets()
    {
        targets["UpdateTask"] = async () =>
        {
            var coordinator = As("mps.coordinator");
            var id = (await Json(await Post(coordinator, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            return await Read(coordinator, HttpMethod.Put, $"/api/v1/tasks/{id}", Edit(NewTask(title: "Changed under If-Match")));
        };
        targets["UpdateUser"] = async () =>
        {
            var admin = As("mps.admin");
            var username = $"ifmatch.{Interlocked.Increment(ref made)}.{Guid.NewGuid():N}"[..20];
            var id = (await Json(await Send(admin, HttpMethod.Post, "/api/v1/admin/users", new
            {
                username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", password = "Correct-Horse-1",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            return await Read(admin, HttpMethod.Put, $"/api/v1/admin/users/{id}",
                new { displayName = username + "x", unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "unclassified", active = true, unlock = false });
        };
        targets["UpdateRegulation"] = async () =>
        {
            var (coordinator, id, code) = await NewRegulation();
            return await Read(coordinator, HttpMethod.Put, $"/api/v1/regulations/{id}", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP")));
        };
        targets["PublishVersion"] = async () =>
        {
            var (coordinator, versions) = await NewDraft(withArticle: true);
            return await Read(coordinator, HttpMethod.Post, $"{versions}/1/publish", new { effectiveFrom = "2023-06-01" }, $"{versions}/1");
        };
        targets["UpdateProvision"] = async () =>
        {
            var (coordinator, versions) = await NewDraft(withArticle: false);
            return await Read(coordinator, HttpMethod.Put, $"{versions}/1/provisions/chp_1", new { headingVi = "Quy định chung (sửa)", headingEn = "General provisions", isSummary = false });
        };
        targets["UpdateAgency"] = async () =>
        {
            var registrar = As("mps.registry_admin");
            var code = $"IM{Interlocked.Increment(ref made)}{Guid.NewGuid():N}"[..10].ToUpperInvariant();
            await Json(await Send(registrar, HttpMethod.Post, "/api/v1/agencies", new { code, nameVi = "Bộ thử", nameEn = "Test ministry" }), HttpStatusCode.Created);
            return await Read(registrar, HttpMethod.Put, $"/api/v1/agencies/{code}", new { code, nameVi = "Bộ thử (sửa)", nameEn = "Test ministry", active = true });
        };
        targets["UpdateUnit"] = async () =>
        {
            var admin = As("mps.admin");
            var code = $"MPS-IM{Interlocked.Increment(ref made)}{Guid.NewGuid():N}"[..14].ToUpperInvariant();
            object Unit(string name) => new { code, agencyCode = "MPS", parentCode = "MPS-VP", tier = "division", nameVi = name, nameEn = "Division" };
            await Json(await Send(admin, HttpMethod.Post, "/api/v1/units", Unit("Phòng")), HttpStatusCode.Created);
            return await Read(admin, HttpMethod.Put, $"/api/v1/units/{code}", Unit("Phòng (sửa)"));
        };
        targets["UpdatePerson"] = async () =>
        {
            var admin = As("mps.admin");
            var key = $"ifmatch-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..20];
            object Person(string name) => new { key, fullName = name, agencyCode = "MPS", unitCode = "MPS-VP" };
            await Json(await Send(admin, HttpMethod.Post, "/api/v1/persons", Person("Nguyễn Văn Thử")), HttpStatusCode.Created);
            return await Read(admin, HttpMethod.Put, $"/api/v1/persons/{key}", Person("Nguyễn Văn Thử Hai"));
        };
        targets["UpdateReviewMinutes"] = async () =>
        {
            var (coordinator, id, _) = await NewRegulation();
            var review = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/reviews", new
            {
                regulationId = id, periodYear = 2024, hostAgencyCode = "MPS", scheduledOn = "2024-12-15", venue = "Hà Nội", reason = "If-Match",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/reviews/{review}/transitions",
                new { to = "scheduled", scheduledOn = "2024-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
            object Minutes(string place) => new
            {
                heldOn = "2024-12-15", place, chairedBy = (string?)null, attendees = Array.Empty<object>(), decisions = new[] { "Agreed" }, notes = (string?)null,
            };
            // The first minutes are recorded under the ETag "0" a GET answers; then the target changes them.
            var (_, noMinutes) = await GetWithETag(coordinator, $"/api/v1/reviews/{review}/minutes");
            await Json(await Send(coordinator, HttpMethod.Put, $"/api/v1/reviews/{review}/minutes", Minutes("Hà Nội"), noMinutes), HttpStatusCode.OK);
            return await Read(coordinator, HttpMethod.Put, $"/api/v1/reviews/{review}/minutes", Minutes("Đà Nẵng"));
        };
        targets["UpdateWebhookSubscription"] = async () =>
        {
            var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
            object Subscription(string description) => new { url = "https://receiver.example.org/if-match", kinds = new[] { "task.assigned" }, description, active = true };
            var id = (await Json(await Send(system, HttpMethod.Post, "/api/v1/webhooks/subscriptions",
                new { url = "https://receiver.example.org/if-match", kinds = new[] { "task.assigned" }, description = "First" }), HttpStatusCode.Created))
                .GetProperty("id").GetInt32();
            return await Read(system, HttpMethod.Put, $"/api/v1/webhooks/subscriptions/{id}", Subscription($"Changed {Interlocked.Increment(ref made)}"));
        };
        targets["EvaluateTask"] = async () =>
        {
            // A task of a held review, evaluated once under the ETag "0" the grid lists; then the target replaces the result.
            var coordinator = As("mps.coordinator");
            var review = (await CoordinationApi.Tests.Features.Reviews.ReviewApi.HeldReview(coordinator, 1, 2025)).GetProperty("id").GetInt32();
            var task = await Create(coordinator, NewTask(title: "Evaluated under If-Match", planYear: 2025));
            var url = $"/api/v1/reviews/{review}/evaluations/{task}";
            var unevaluated = await CoordinationApi.Tests.Features.Reviews.ReviewApi.EvaluationETag(coordinator, review, task);
            await Json(await Send(coordinator, HttpMethod.Put, url, new { result = "partly_achieved", comment = "First" }, unevaluated), HttpStatusCode.OK);
            return new Target(coordinator, HttpMethod.Put, url, new { result = "achieved", comment = "Replaced" },
                await CoordinationApi.Tests.Features.Reviews.ReviewApi.EvaluationETag(coordinator, review, task));
        };
        foreach (var (endpoint, kind) in new[] { ("UpdateTaskComment", "tasks"), ("UpdateReviewComment", "reviews") })
        {
            targets[endpoint] = async () =>
            {
                // A comment of its own, on a task or review of its own, edited by its author.
                var coordinator = As("mps.coordinator");
                var thread = kind == "tasks"
                    ? (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/tasks", NewTask()), HttpStatusCode.Created)).GetProperty("id").GetInt32()
                    : (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/reviews", new { regulationId = 1, periodYear = 2033, hostAgencyCode = "MPS", reason = "If-Match" }),
                        HttpStatusCode.Created)).GetProperty("id").GetInt32();
                var comment = await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/{kind}/{thread}/comments", new { body = "Said before If-Match" }), HttpStatusCode.Created);
                return new Target(coordinator, HttpMethod.Put, $"/api/v1/{kind}/{thread}/comments/{comment.GetProperty("id").GetInt32()}",
                    new { body = "Changed under If-Match" }, comment.GetProperty("etag").GetString()!);
            };
        }

        targets["UpdateNotificationPreferences"] = async () =>
        {
            // A person of their own (preferences are their owner's alone), changing the defaults.
            var username = $"ifmatch.{Interlocked.Increment(ref made)}.{Guid.NewGuid():N}"[..20];
            await Json(await Send(As("mps.admin"), HttpMethod.Post, "/api/v1/admin/users", new
            {
                username, displayName = username, unitCode = "MPS-VP", roles = new[] { "viewer" }, clearance = "confidential", password = "Correct-Horse-1",
            }), HttpStatusCode.Created);
            var person = Factory.CreateClient();
            person.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await SignIn(username, "Correct-Horse-1"));
            // Chosen once under the ETag "0" of the defaults; then the target changes them back.
            const string url = "/api/v1/me/notification-preferences";
            await Json(await Send(person, HttpMethod.Put, url, new { digest = true, kinds = Array.Empty<object>() }, "\"0\""), HttpStatusCode.OK);
            return await Read(person, HttpMethod.Put, url, new { digest = false, kinds = Array.Empty<object>() });
        };
        targets["DeleteProvision"] = async () =>
        {
            var (coordinator, versions) = await NewDraft(withArticle: true);
            return await Read(coordinator, HttpMethod.Delete, $"{versions}/1/provisions/chp_1__art_1", null);
        };
    }

    [Test]
    public void Every_endpoint_that_requires_if_match_is_exercised_here()
    {
        Assert.That(RequiringIfMatch(), Is.EquivalentTo(targets.Keys),
            "an endpoint declaring 428 needs a target here; one that no longer does must leave");
    }

    [Test]
    public async Task Star_matches_the_current_record()
    {
        foreach (var (endpoint, target) in await Targets())
        {
            var response = await Call(target, "*");
            Assert.That((int)response.StatusCode, Is.InRange(200, 299), $"{endpoint}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Test]
    public async Task A_list_holding_the_current_etag_matches()
    {
        foreach (var (endpoint, target) in await Targets())
        {
            var response = await Call(target, $"\"999999\", W/\"1\", {target.ETag}");
            Assert.That((int)response.StatusCode, Is.InRange(200, 299), $"{endpoint}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Test]
    public async Task A_list_without_it_or_with_it_only_weak_is_a_412_and_changes_nothing()
    {
        foreach (var (endpoint, target) in await Targets())
        {
            var audited = await AuditCount();
            foreach (var ifMatch in new[] { "\"999999\", \"0\"", $"W/{target.ETag}", "\"\"" })
            {
                var response = await Call(target, ifMatch);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PreconditionFailed), $"{endpoint}, If-Match: {ifMatch}");
                await ProblemAssert.IsProblem(response, HttpStatusCode.PreconditionFailed);
            }

            Assert.That(await AuditCount(), Is.EqualTo(audited), endpoint);
            Assert.That((int)(await Call(target, target.ETag)).StatusCode, Is.InRange(200, 299), $"{endpoint}: the record was left as it was read");
        }
    }

    [Test]
    public async Task A_malformed_value_is_a_400_naming_the_header_and_a_missing_one_a_428()
    {
        foreach (var (endpoint, target) in await Targets())
        {
            var audited = await AuditCount();
            foreach (var ifMatch in Malformed)
            {
                var response = await Call(target, ifMatch);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{endpoint}, If-Match: {ifMatch}");
                await ProblemAssert.HasFieldErrors(response, Concurrency.Field);
            }

            await ProblemAssert.IsProblem(await Call(target, null), HttpStatusCode.PreconditionRequired);
            Assert.That(await AuditCount(), Is.EqualTo(audited), endpoint);
        }
    }

    /// <summary>A fresh target for each endpoint that requires If-Match, as the endpoint data source lists them.</summary>
    private async Task<List<(string Endpoint, Target Target)>> Targets()
    {
        var found = new List<(string, Target)>();
        foreach (var endpoint in RequiringIfMatch())
        {
            Assert.That(targets.TryGetValue(endpoint, out var make), Is.True, $"{endpoint} requires If-Match but has no target here");
            found.Add((endpoint, await make!()));
        }

        Assert.That(found, Has.Count.GreaterThanOrEqualTo(6));
        return found;
    }

    private List<string> RequiringIfMatch() => [.. Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Where(Concurrency.RequiresIfMatch).Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName!)];

    private static async Task<HttpResponseMessage> Call(Target target, string? ifMatch) =>
        await Send(target.Client, target.Method, target.Url, target.Body, ifMatch);

    private async Task<Target> Read(HttpClient client, HttpMethod method, string url, object? body, string? readFrom = null)
    {
        var (_, etag) = await GetWithETag(client, readFrom ?? url);
        return new Target(client, method, url, body, etag);
    }

    private async Task<(HttpClient Coordinator, int Id, string Code)> NewRegulation()
    {
        var coordinator = As("mps.coordinator");
        var code = $"QC-IM-{Interlocked.Increment(ref made)}-{Guid.NewGuid():N}"[..16];
        var id = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))),
            HttpStatusCode.Created)).GetProperty("id").GetInt32();
        return (coordinator, id, code);
    }

    /// <summary>A new regulation with an unpublished first version holding a chapter (and an article in it).</summary>
    private async Task<(HttpClient Coordinator, string Versions)> NewDraft(bool withArticle)
    {
        var (coordinator, id, _) = await NewRegulation();
        var versions = $"/api/v1/regulations/{id}/versions";
        await Json(await Send(coordinator, HttpMethod.Post, versions), HttpStatusCode.Created);
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions",
            new { isSummary = false, kind = "chapter", num = "I", headingVi = "Quy định chung", headingEn = "General provisions" }), HttpStatusCode.Created);
        if (withArticle)
        {
            await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions",
                new { isSummary = false, parentAknId = "chp_1", kind = "article", num = "1", headingVi = "Phạm vi", headingEn = "Scope", textVi = "Nội dung", textEn = "Text" }),
                HttpStatusCode.Created);
        }

        return (coordinator, versions);
    }
}
