using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.RegulationText;

/// <summary>Helpers of the regulation text tests: the demo regulation's id, requests with If-Match, the audit trail, a regulation MPS is not party to.</summary>
public abstract class RegulationTextTest(string provider, IDictionary<string, string?>? settings = null) : ApiTest(provider, settings)
{
    protected int DemoId { get; private set; }

    [OneTimeSetUp]
    public async Task FindDemoRegulation()
    {
        var page = await GetJson<JsonElement>("/api/v1/regulations");
        DemoId = page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "QC2021").GetProperty("id").GetInt32();
    }

    protected static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string url, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    protected async Task<JsonElement> Json(HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), () => $"{body}\n{ServerErrors()}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    protected static string ETag(HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? throw new AssertionException("no ETag");

    protected async Task<(JsonElement Body, string ETag)> GetWithETag(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        return (await Json(response, System.Net.HttpStatusCode.OK), ETag(response));
    }

    protected async Task<int> AuditCount(string? action = null)
    {
        await using var connection = await OpenDatabase();
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM audit_entries WHERE @Action IS NULL OR action = @Action;", new { Action = action });
    }

    protected async Task<System.Data.Common.DbConnection> OpenDatabase() =>
        await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();

    /// <summary>A third agency, MOF, with one unit, and a regulation between MIC and MOF: MPS is not party to it.</summary>
    protected async Task<int> AddRegulationWithoutMps(string code = "QC-MIC-MOF")
    {
        await using (var connection = await OpenDatabase())
        {
            await connection.ExecuteAsync("""
                INSERT INTO agencies (code, name_vi, name_en) SELECT 'MOF', @NameVi, 'Ministry of Finance' WHERE NOT EXISTS (SELECT 1 FROM agencies WHERE code = 'MOF');
                INSERT INTO units (agency_id, parent_id, tier, code, name_vi, name_en)
                SELECT id, NULL, 'ministry', 'MOF', @NameVi, 'Ministry of Finance' FROM agencies WHERE code = 'MOF' AND NOT EXISTS (SELECT 1 FROM units WHERE code = 'MOF');
                """, new { NameVi = "Bộ Tài chính" });
        }

        var response = await Send(As("mic.coordinator"), HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MIC", "MIC-VP"), ("MOF", "MOF")));
        return (await Json(response, System.Net.HttpStatusCode.Created)).GetProperty("id").GetInt32();
    }

    /// <summary>A valid regulation request between the given parties.</summary>
    protected static Dictionary<string, object?> Regulation(string code, params (string Agency, string Unit)[] parties) => new()
    {
        ["code"] = code,
        ["titleVi"] = $"Quy chế phối hợp {code}",
        ["titleEn"] = $"Coordination regulation {code}",
        ["signedOn"] = "2023-06-01",
        ["signedAt"] = "Hà Nội",
        ["status"] = "in_force",
        ["parties"] = parties.Select(p => new { agencyCode = p.Agency, standingUnitCode = p.Unit }).ToList(),
        ["signatories"] = new List<string>(),
        ["reviewPolicy"] = new { annualRotating = true, firstHostAgencyCode = parties[0].Agency, reviewMonth = 12, preliminaryAfterYears = 3, note = (string?)null },
    };

    /// <summary>Starts an empty draft of a new regulation, adds one chapter and one article, and publishes it.</summary>
    protected async Task PublishSingleArticle(HttpClient coordinator, int regulationId, string headingVi, string textVi, string? textEn = null, string effectiveFrom = "2023-06-01")
    {
        var versions = $"/api/v1/regulations/{regulationId}/versions";
        // No body: the note is optional.
        await Json(await Send(coordinator, HttpMethod.Post, versions), System.Net.HttpStatusCode.Created);
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions",
            new { isSummary = false, kind = "chapter", num = "I", headingVi = "Quy định chung", headingEn = "General provisions" }), System.Net.HttpStatusCode.Created);
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/provisions",
            new { isSummary = false, parentAknId = "chp_1", kind = "article", num = "1", headingVi, headingEn = "Article one", textVi, textEn }), System.Net.HttpStatusCode.Created);
        var (_, etag) = await GetWithETag(coordinator, $"{versions}/1");
        await Json(await Send(coordinator, HttpMethod.Post, $"{versions}/1/publish", new { effectiveFrom }, etag), System.Net.HttpStatusCode.OK);
    }
}
