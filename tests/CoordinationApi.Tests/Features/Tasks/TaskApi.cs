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
        string cite = "chp_2__art_4__para_1") => new
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
            startDate = $"{planYear}-01-10",
            dueDate = $"{planYear}-12-20",
            priority = "high",
        };

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

    public static Task<HttpResponseMessage> Transition(HttpClient client, int id, string to, string? comment = null) =>
        Post(client, $"/api/v1/tasks/{id}/transitions", new { to, comment });

    public static Task<HttpResponseMessage> Report(HttpClient client, int id, int percent, string date = "2026-11-01", string? unit = null) =>
        Post(client, $"/api/v1/tasks/{id}/reports", new { reportDate = date, percent, narrative = $"Reached {percent}%", reportingUnitCode = unit });
}
