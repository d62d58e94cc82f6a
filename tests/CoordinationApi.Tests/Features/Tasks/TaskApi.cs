using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CoordinationApi.Tests.Features.Tasks;

/// <summary>Requests the task tests make again and again.</summary>
internal static class TaskApi
{
    public static object NewTask(
        string title = "Joint check of a telecom operator's data centre", string lead = "MPS-A05", string[]? counterparts = null,
        string classification = "unclassified", string kind = "one_off", string? recurrence = null, int planYear = 2026,
        string cite = "chp_2__art_4__para_1", string? start = null, string? due = null) => new
        {
            regulationId = 1,
            titleVi = "Kiểm tra phối hợp trung tâm dữ liệu của doanh nghiệp viễn thông",
            titleEn = title,
            descriptionVi = "Mô tả",
            descriptionEn = "Description",
            citations = new[] { new { aknId = cite, versionId = (int?)null } },
            leadUnitCode = lead,
            counterpartUnitCodes = counterparts ?? ["MIC-ATTT"],
            contacts = new[] { new { name = "Nguyễn Văn A", unitCode = lead, phone = "024 0000 000", email = (string?)null } },
            classification,
            kind,
            recurrence,
            planYear,
            startDate = start ?? $"{planYear}-01-10",
            dueDate = due ?? $"{planYear}-12-20",
            priority = "high",
        };

    /// <summary>The edit of a task (PUT): a new task's fields without its regulation, which an edit does not have.</summary>
    public static System.Text.Json.Nodes.JsonObject Edit(object newTask)
    {
        var body = JsonSerializer.SerializeToNode(newTask)!.AsObject();
        body.Remove("regulationId");
        return body;
    }

    public static async Task<HttpResponseMessage> Post(HttpClient client, string url, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> Put(HttpClient client, string url, object body, string? etag)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(url, UriKind.Relative)) { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue(etag));
        }

        return await client.SendAsync(request);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Creates a task and returns its id, walked along the workflow up to <paramref name="to"/> (draft: not at all).</summary>
    public static async Task<int> Create(HttpClient coordinator, object body, string to = "draft", HttpClient? leadOfficer = null)
    {
        var id = (await Json(await Post(coordinator, "/api/v1/tasks", body), System.Net.HttpStatusCode.Created)).GetProperty("id").GetInt32();
        string[] steps = ["assigned", "in_progress", "completed"];
        foreach (var step in steps.Take(Array.IndexOf(steps, to) + 1))
        {
            var by = step == "assigned" ? coordinator : leadOfficer ?? throw new ArgumentNullException(nameof(leadOfficer), $"{step} is an officer's move");
            await Json(await Transition(by, id, step), System.Net.HttpStatusCode.OK);
        }

        return id;
    }

    /// <summary>A word found in no other record, to put in a title and find the task again.</summary>
    public static string Marker(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    public static Task<HttpResponseMessage> Transition(HttpClient client, int id, string to, string? comment = null) =>
        Post(client, $"/api/v1/tasks/{id}/transitions", new { to, comment });

    public static Task<HttpResponseMessage> Report(HttpClient client, int id, int percent, string date = "2026-11-01", string? unit = null) =>
        Post(client, $"/api/v1/tasks/{id}/reports", new { reportDate = date, percent, narrative = $"Reached {percent}%", reportingUnitCode = unit });
}
