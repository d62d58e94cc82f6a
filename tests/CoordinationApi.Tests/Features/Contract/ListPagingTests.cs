using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Infrastructure;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Contract;

/// <summary>
/// Every list of the document pages the same way: it takes <c>limit</c> and <c>cursor</c>, answers
/// <c>{ items, nextCursor }</c>, walks to the end a page at a time with the same items as one big page (no duplicate, no
/// gap), and refuses a cursor issued by another list, for another parent or with other filters (400 on <c>cursor</c>).
/// The lists are read from the OpenAPI document; each has a way of filling it with rows made here.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ListPagingTests(string provider) : ApiTest(provider)
{
    /// <summary>
    /// Lists that still answer a bare array, not paged yet (named in the report of issue 17); the test fails when one of them
    /// is paged (take it off here and give it rows below) or another unpaged list appears.
    /// </summary>
    private static readonly string[] NotYetPaged = ["ListAgencies", "ListUnits"];

    private Dictionary<string, (HttpClient Client, string Url)>? lists;

    [Test]
    public async Task Every_list_of_the_document_is_paged_and_has_rows_here()
    {
        var (paged, unpaged) = await ListOperations();
        var lists = await Lists();

        Assert.Multiple(() =>
        {
            Assert.That(paged, Is.EquivalentTo(lists.Keys), "every paged list of the document is walked below, and nothing else");
            Assert.That(unpaged, Is.EquivalentTo(NotYetPaged), "lists answering a bare array");
        });
        foreach (var operation in paged)
        {
            var parameters = await QueryParameters(operation);
            Assert.That(parameters, Is.SupersetOf(new[] { "cursor", "limit" }), operation);
        }
    }

    [Test]
    public async Task Every_list_walks_to_the_end_without_duplicates_or_gaps()
    {
        foreach (var (operation, (client, url)) in await Lists())
        {
            var whole = await GetJson<JsonElement>(client, With(url, "limit=200"));
            Assert.That(whole.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null), $"{operation}: one page of 200 holds them all");
            var expected = whole.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()).ToList();

            var walked = new List<string>();
            var pages = 0;
            string? cursor = null;
            do
            {
                var page = await GetJson<JsonElement>(client, With(url, cursor is null ? "limit=2" : $"limit=2&cursor={Uri.EscapeDataString(cursor)}"));
                var items = page.GetProperty("items").EnumerateArray().Select(i => i.GetRawText()).ToList();
                Assert.That(items, Has.Count.InRange(1, 2), $"{operation}: page {pages}");
                walked.AddRange(items);
                cursor = page.GetProperty("nextCursor").GetString();
                pages++;
            }
            while (cursor is not null && pages < 200);

            Assert.Multiple(() =>
            {
                Assert.That(expected, Has.Count.GreaterThanOrEqualTo(3), $"{operation}: rows made here");
                Assert.That(pages, Is.GreaterThanOrEqualTo(2), operation);
                Assert.That(walked, Is.Unique, $"{operation}: no item twice");
                Assert.That(walked, Is.EqualTo(expected), $"{operation}: the pages hold the whole list in its order");
            });
        }
    }

    [Test]
    public async Task Every_list_refuses_a_cursor_of_another_list()
    {
        var all = (await Lists()).ToList();
        var cursors = new List<string>();
        foreach (var (operation, (client, url)) in all)
        {
            var first = await GetJson<JsonElement>(client, With(url, "limit=1"));
            cursors.Add(first.GetProperty("nextCursor").GetString() ?? throw new AssertionException($"{operation} has one page only"));
        }

        for (var i = 0; i < all.Count; i++)
        {
            var (operation, (client, url)) = all[i];
            var foreign = cursors[(i + 1) % all.Count];
            var response = await client.GetAsync(new Uri(With(url, $"cursor={Uri.EscapeDataString(foreign)}"), UriKind.Relative));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), $"{operation} took the cursor of {all[(i + 1) % all.Count].Key}");
            await ProblemAssert.HasFieldErrors(response, "cursor");

            var own = await client.GetAsync(new Uri(With(url, $"cursor={Uri.EscapeDataString(cursors[i])}"), UriKind.Relative));
            Assert.That(own.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{operation} refused its own cursor: {await own.Content.ReadAsStringAsync()}");
        }
    }

    [Test]
    public async Task A_cursor_is_bound_to_its_filters_and_its_parent()
    {
        var coordinator = As("mps.coordinator");
        var marker = Marker("Binder");
        var ids = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Create(coordinator, NewTask(title: $"{marker} {i}", planYear: 2032)));
        }

        var cursor = (await GetJson<JsonElement>(coordinator, $"/api/v1/tasks?q={marker}&planYear=2032&limit=1")).GetProperty("nextCursor").GetString()!;
        var history = (await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{ids[0]}/history?limit=1"));

        // The same list with other filters, or the same filters in another order and spelling, and another task's history.
        var otherFilters = await coordinator.GetAsync(new Uri($"/api/v1/tasks?q={marker}&cursor={Uri.EscapeDataString(cursor)}", UriKind.Relative));
        var sameFilters = await coordinator.GetAsync(new Uri($"/api/v1/tasks?planYear=2032&limit=2&q={marker}&cursor={Uri.EscapeDataString(cursor)}", UriKind.Relative));
        Assert.That(sameFilters.StatusCode, Is.EqualTo(HttpStatusCode.OK), await sameFilters.Content.ReadAsStringAsync());
        await ProblemAssert.HasFieldErrors(otherFilters, "cursor");

        await Json(await Transition(coordinator, ids[0], "assigned"), HttpStatusCode.OK);
        await Json(await Transition(coordinator, ids[1], "assigned"), HttpStatusCode.OK);
        var historyCursor = (await GetJson<JsonElement>(coordinator, $"/api/v1/tasks/{ids[0]}/history?limit=1")).GetProperty("nextCursor").GetString()!;
        var otherTask = await coordinator.GetAsync(new Uri($"/api/v1/tasks/{ids[1]}/history?cursor={Uri.EscapeDataString(historyCursor)}", UriKind.Relative));
        await ProblemAssert.HasFieldErrors(otherTask, "cursor");
        Assert.That(history.GetProperty("items").GetArrayLength(), Is.EqualTo(1));
    }

    private static string With(string url, string query) => $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}{query}";

    /// <summary>
    /// The GET operations of the document answering a list: a page (<c>items</c> and <c>nextCursor</c>) or a bare array.
    /// Exports are streamed whole by design (README "Bounds and paging"), not listed.
    /// </summary>
    private async Task<(List<string> Paged, List<string> Unpaged)> ListOperations()
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();
        var schemas = document["components"]!["schemas"]!.AsObject();
        var paged = new List<string>();
        var unpaged = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (path.StartsWith("/api/v1/exports/", StringComparison.Ordinal) || item!["get"] is not JsonObject get || get["responses"]?["200"]?["content"]?["application/json"]?["schema"] is not JsonObject schema)
            {
                continue;
            }

            var resolved = schema["$ref"]?.GetValue<string>() is { } reference ? schemas[reference.Split('/')[^1]]!.AsObject() : schema;
            var operation = get["operationId"]!.GetValue<string>();
            if (resolved["properties"] is JsonObject properties && properties.ContainsKey("items") && properties.ContainsKey("nextCursor"))
            {
                paged.Add(operation);
            }
            else if (resolved["type"]?.ToString() == "array")
            {
                unpaged.Add(operation);
            }
        }

        return (paged, unpaged);
    }

    private async Task<List<string>> QueryParameters(string operationId)
    {
        var document = JsonNode.Parse(await Anonymous.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();
        var get = document["paths"]!.AsObject().Select(p => p.Value!["get"]).OfType<JsonObject>()
            .Single(o => o["operationId"]!.GetValue<string>() == operationId);
        return [.. (get["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>())];
    }

    /// <summary>Each paged list, with at least three rows made here and a URL (filters, parent) that shows them.</summary>
    private async Task<Dictionary<string, (HttpClient Client, string Url)>> Lists()
    {
        if (lists is not null)
        {
            return lists;
        }

        var coordinator = As("mps.coordinator");
        var officer = As("mps.officer");
        var auditor = As("mps.auditor");
        var marker = Marker("Pager");
        var tasks = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            tasks.Add(await Create(coordinator, NewTask(title: $"{marker} {i}", planYear: 2031, start: "2026-01-10"), "in_progress", officer));
        }

        var reportId = 0;
        for (var i = 1; i <= 3; i++)
        {
            reportId = (await Json(await Report(officer, tasks[0], 10 * i, $"2026-0{i}-15"), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        }

        var review = 0;
        for (var i = 0; i < 3; i++)
        {
            review = (await Json(await Post(coordinator, "/api/v1/reviews", new
            {
                regulationId = 1, periodYear = 2031, hostAgencyCode = "MPS", scheduledOn = (string?)null, venue = (string?)null, reason = $"{marker} {i}",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        }

        for (var i = 0; i < 3; i++)
        {
            await Json(await Post(As("mic.coordinator"), "/api/v1/recognitions", new
            {
                awardVi = "Bằng khen", awardEn = $"{marker} {i}", recipientUnitCode = "MPS-A05", awardedOn = "2026-11-01",
                occasionVi = "Tổng kết năm", occasionEn = "Annual review", regulationId = 1,
            }), HttpStatusCode.Created);
            var code = $"QC-{marker}-{i}".ToUpperInvariant();
            var created = await coordinator.PostAsJsonAsync(new Uri("/api/v1/regulations", UriKind.Relative), new
            {
                code, titleVi = $"Quy chế {code}", titleEn = $"Regulation {code}", signedOn = "2023-06-01",
                signedAt = "Hà Nội", status = "in_force", signatories = Array.Empty<string>(),
                parties = new[] { new { agencyCode = "MPS", standingUnitCode = "MPS-VP" }, new { agencyCode = "MIC", standingUnitCode = "MIC-VP" } },
                reviewPolicy = new { annualRotating = true, firstHostAgencyCode = "MPS", reviewMonth = 12, preliminaryAfterYears = 3, note = (string?)null },
            });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            await Json(await Post(auditor, "/api/v1/audit/checkpoints", new { }), HttpStatusCode.OK);
        }

        for (var i = 0; i < 3; i++)
        {
            await Json(await Post(As("mps.admin"), "/api/v1/persons", new
            {
                key = $"pager-{i}-{Guid.NewGuid():N}"[..24], fullName = $"{marker} Nguyễn {i}", agencyCode = "MPS", unitCode = "MPS-VP",
            }), HttpStatusCode.Created);
        }

        // Three versions of the demo regulation: the text as signed, a published amendment and a draft.
        const string versions = "/api/v1/regulations/1/versions";
        var amendment = (await Json(await Post(coordinator, versions, new { note = $"{marker} amendment" }), HttpStatusCode.Created)).GetProperty("number").GetInt32();
        var draft = await coordinator.GetAsync(new Uri($"{versions}/{amendment}", UriKind.Relative));
        Assert.That(draft.Headers.ETag, Is.Not.Null, await draft.Content.ReadAsStringAsync());
        using (var publish = new HttpRequestMessage(HttpMethod.Post, new Uri($"{versions}/{amendment}/publish", UriKind.Relative)) { Content = JsonContent.Create(new { effectiveFrom = "2025-01-01" }) })
        {
            publish.Headers.IfMatch.Add(draft.Headers.ETag!);
            await Json(await coordinator.SendAsync(publish), HttpStatusCode.OK);
        }

        await Json(await Post(coordinator, versions, new { note = $"{marker} second amendment" }), HttpStatusCode.Created);

        // Reminders on one date of both kinds (reviews sort before tasks on a date), so pages split inside a date and between kinds.
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7));
        var soon = today.AddDays(5);
        for (var i = 0; i < 2; i++)
        {
            await Create(coordinator, NewTask(title: $"{marker} due {i}", planYear: soon.Year, start: $"{today:yyyy-MM-dd}", due: $"{soon:yyyy-MM-dd}"));
            var scheduled = (await Json(await Post(coordinator, "/api/v1/reviews", new
            {
                regulationId = 1, periodYear = soon.Year, hostAgencyCode = "MPS", reason = $"{marker} reminder {i}",
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32();
            await Json(await Post(coordinator, $"/api/v1/reviews/{scheduled}/transitions", new
            {
                to = "scheduled", scheduledOn = $"{soon:yyyy-MM-dd}", venue = "44 Yết Kiêu, Hà Nội", chairs = "Văn phòng",
            }), HttpStatusCode.OK);
        }

        var admin = As("mps.admin");
        for (var i = 0; i < 3; i++)
        {
            await CreateApiKey("mps.admin", "unclassified", "regulations:read");
        }

        // Three comments on a task and on a review; the first of each edited twice, so it has three revisions.
        var threads = new[] { $"/api/v1/tasks/{tasks[0]}/comments", $"/api/v1/reviews/{review}/comments" };
        var revisions = new List<string>();
        foreach (var thread in threads)
        {
            var first = await Json(await Post(coordinator, thread, new { body = $"{marker} comment 0" }), HttpStatusCode.Created);
            for (var i = 1; i < 3; i++)
            {
                await Json(await Post(coordinator, thread, new { body = $"{marker} comment {i}" }), HttpStatusCode.Created);
            }

            var etag = first.GetProperty("etag").GetString();
            for (var i = 1; i <= 2; i++)
            {
                etag = (await Json(await Put(coordinator, $"{thread}/{first.GetProperty("id").GetInt32()}", new { body = $"{marker} comment 0, edit {i}" }, etag),
                    HttpStatusCode.OK)).GetProperty("etag").GetString();
            }

            revisions.Add($"{thread}/{first.GetProperty("id").GetInt32()}/revisions");
        }
        // Three notifications of the coordinator (the tasks' events, as the outbox would hold them).
        await Notifications.NotificationTest.PublishAndFanOut(Factory, [.. tasks.Select(task => new CoordinationApi.Infrastructure.Events.OutboxEvent(
            CoordinationApi.Infrastructure.Events.EventKinds.TaskStatusChanged, CoordinationApi.Infrastructure.Security.Clearance.Unclassified,
            new { taskId = task, regulationId = 1, fromStatus = "assigned", toStatus = "in_progress" }, RegulationId: 1, TaskId: task))]);

        // Three webhook subscriptions of one agency system; the first, disabled, gets three deliveries written as the consumer
        // writes them (a disabled subscription is given none by the consumer and none are attempted, so the log stays still).
        var system = WithApiKey((await ProvisionApiKey("MPS", "confidential", "tasks:read")).Key);
        var subscriptions = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            subscriptions.Add((await Json(await Post(system, "/api/v1/webhooks/subscriptions", new
            {
                url = $"https://receiver.example.org/{marker}/{i}", kinds = new[] { "plan.adopted" }, description = (string?)null,
            }), HttpStatusCode.Created)).GetProperty("id").GetInt32());
        }

        var firstSubscription = await system.GetAsync(new Uri($"/api/v1/webhooks/subscriptions/{subscriptions[0]}", UriKind.Relative));
        await Json(await Put(system, $"/api/v1/webhooks/subscriptions/{subscriptions[0]}", new
        {
            url = $"https://receiver.example.org/{marker}/0", kinds = new[] { "plan.adopted" }, description = (string?)null, active = false,
        }, firstSubscription.Headers.ETag!.Tag), HttpStatusCode.OK);
        var writes = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<CoordinationApi.Infrastructure.Data.WriteScopes>(Factory.Services);
        for (var i = 0; i < 3; i++)
        {
            await using var write = await writes.BeginAsync(CoordinationApi.Infrastructure.Audit.AuditActor.System, CancellationToken.None);
            var stored = await CoordinationApi.Infrastructure.Events.EventOutbox.PublishAsync(write, new CoordinationApi.Infrastructure.Events.OutboxEvent(
                "plan.adopted", CoordinationApi.Infrastructure.Security.Clearance.Unclassified, new { regulationId = 1 }, RegulationId: 1));
            await Dapper.SqlMapper.ExecuteAsync(write.Connection, """
                INSERT INTO webhook_deliveries (subscription_id, event_id, order_key, status, attempts, next_attempt_at, created_at)
                VALUES (@Subscription, @Event, @Key, 'pending', 0, @Now, @Now);
                """, new { Subscription = subscriptions[0], Event = stored!.Id, Key = $"event:{stored.Id}", write.Now }, write.Transaction);
            await write.CommitAsync();
        }

        // Evidence files: three on a report, three on the minutes of the last review scheduled above.
        var minutesReview = (await GetJson<JsonElement>(coordinator, $"/api/v1/reviews?regulationId=1&year={soon.Year}&status=scheduled&limit=200"))
            .GetProperty("items").EnumerateArray().Last().GetProperty("id").GetInt32();
        foreach (var url in new[] { $"/api/v1/tasks/{tasks[0]}/reports/{reportId}/evidence", $"/api/v1/reviews/{minutesReview}/minutes/evidence" })
        {
            for (var i = 0; i < 3; i++)
            {
                using var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes($"{marker} evidence {i}"));
                file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain");
                await Json(await coordinator.PostAsync(new Uri($"{url}?fileName=evidence-{i}.txt", UriKind.Relative), file), HttpStatusCode.Created);
            }
        }

        lists = new()
        {
            ["ListPersons"] = (coordinator, $"/api/v1/persons?q={marker}"),
            ["ListUsers"] = (admin, "/api/v1/admin/users"),
            ["ListApiClients"] = (admin, "/api/v1/admin/api-clients"),
            ["ListVersions"] = (coordinator, versions),
            ["ListReminders"] = (coordinator, "/api/v1/reminders?days=30&regulationId=1"),
            ["ListTasks"] = (coordinator, $"/api/v1/tasks?q={marker}"),
            ["ListTaskHistory"] = (coordinator, $"/api/v1/tasks/{tasks[0]}/history"),
            ["ListProgressReports"] = (coordinator, $"/api/v1/tasks/{tasks[0]}/reports"),
            ["ListReviews"] = (coordinator, "/api/v1/reviews?regulationId=1&year=2031"),
            ["ListEvaluations"] = (coordinator, $"/api/v1/reviews/{review}/evaluations"),
            ["ListRecognitions"] = (coordinator, "/api/v1/recognitions"),
            ["ListRegulations"] = (coordinator, "/api/v1/regulations"),
            ["ListAuditEntries"] = (auditor, "/api/v1/audit?action=task.create"),
            ["ListAuditCheckpoints"] = (auditor, "/api/v1/audit/checkpoints"),
            ["Search"] = (coordinator, $"/api/v1/search?q={marker}"),
            ["ListTaskComments"] = (coordinator, threads[0]),
            ["ListTaskCommentRevisions"] = (coordinator, revisions[0]),
            ["ListReviewComments"] = (coordinator, threads[1]),
            ["ListReviewCommentRevisions"] = (coordinator, revisions[1]),
            ["ListNotifications"] = (coordinator, "/api/v1/notifications"),
            ["ListWebhookSubscriptions"] = (system, "/api/v1/webhooks/subscriptions"),
            ["ListWebhookDeliveries"] = (system, $"/api/v1/webhooks/subscriptions/{subscriptions[0]}/deliveries"),
            ["ListReportEvidence"] = (coordinator, $"/api/v1/tasks/{tasks[0]}/reports/{reportId}/evidence"),
            ["ListMinutesEvidence"] = (coordinator, $"/api/v1/reviews/{minutesReview}/minutes/evidence"),
        };
        return lists;
    }
}
