using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CoordinationApi.Tests.Features.RegulationText;
using TaskApi = CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Reviews;

/// <summary>
/// A regulation the fixture makes, with a review of 2024 hosted by MPS that was scheduled, held, evaluated and concluded:
/// an open task, a completed one and a SECRET one (its title carries <see cref="SecretMarker"/>), the review's minutes
/// recorded, and the plan of 2025 it adopted. The minutes and documents tests read it.
/// </summary>
public abstract class ReviewRecordsTest(string provider) : RegulationTextTest(provider)
{
    protected const string OpenMarker = "Zyxopendoc";
    protected const string SecretMarker = "Zyxsecretdoc";

    protected int RegulationId { get; private set; }

    /// <summary>The concluded review of 2024.</summary>
    protected int ReviewId { get; private set; }

    /// <summary>A scheduled review of 2025 without minutes.</summary>
    protected int ScheduledReviewId { get; private set; }

    /// <summary>A review of a regulation between MIC and MOF: MPS may not read it.</summary>
    protected int HiddenReviewId { get; private set; }

    [OneTimeSetUp]
    public async Task MakeTheReviewedRegulation()
    {
        var coordinator = As("mps.coordinator");
        var code = $"QC-DOC-{Guid.NewGuid():N}"[..14];
        RegulationId = (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation(code, ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))),
            HttpStatusCode.Created)).GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, RegulationId, "Điều một", "Nội dung điều một", "Article one's text");

        await TaskApi.Create(coordinator, Task($"{OpenMarker} joint check 2024", "unclassified"), "assigned");
        await TaskApi.Create(coordinator, Task($"{OpenMarker} finished 2024", "unclassified"), "completed", As("mps.officer"));
        await TaskApi.Create(coordinator, Task($"{SecretMarker} covert operation 2024", "secret"), "assigned");

        // The annual review of 2024 (from the generated schedule) records a result for each task: the five-year summary's data.
        var schedule = await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/reviews/generate?regulationId={RegulationId}"), HttpStatusCode.OK);
        var annual = schedule.GetProperty("reviews").EnumerateArray()
            .Single(r => r.GetProperty("kind").GetString() == "annual" && r.GetProperty("periodYear").GetInt32() == 2024).GetProperty("id").GetInt32();
        foreach (var evaluation in await GetAllPages(coordinator, $"/api/v1/reviews/{annual}/evaluations?limit=200"))
        {
            var task = evaluation.GetProperty("task");
            var result = task.GetProperty("status").GetString() == "completed" ? "achieved" : "not_achieved";
            await Json(await Send(coordinator, HttpMethod.Put, $"/api/v1/reviews/{annual}/evaluations/{task.GetProperty("id").GetInt32()}",
                new { result, comment = "Annual" }, evaluation.GetProperty("etag").GetString()), HttpStatusCode.OK);
        }

        ReviewId = await NewReview(coordinator, RegulationId, 2024);
        var transitions = $"/api/v1/reviews/{ReviewId}/transitions";
        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "scheduled", scheduledOn = "2024-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);
        var (_, noMinutes) = await GetWithETag(coordinator, $"/api/v1/reviews/{ReviewId}/minutes");
        await Json(await Send(coordinator, HttpMethod.Put, $"/api/v1/reviews/{ReviewId}/minutes", Minutes(), noMinutes), HttpStatusCode.OK);
        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "held", attendees = "Both Offices", minutes = "Reviewed." }), HttpStatusCode.OK);
        foreach (var evaluation in await GetAllPages(coordinator, $"/api/v1/reviews/{ReviewId}/evaluations?limit=200"))
        {
            var task = evaluation.GetProperty("task");
            var result = task.GetProperty("status").GetString() == "completed" ? "achieved" : "partly_achieved";
            await Json(await Send(coordinator, HttpMethod.Put, $"/api/v1/reviews/{ReviewId}/evaluations/{task.GetProperty("id").GetInt32()}",
                new { result, comment = "Evaluated" }, evaluation.GetProperty("etag").GetString()), HttpStatusCode.OK);
        }

        await Json(await Send(coordinator, HttpMethod.Post, transitions, new { to = "concluded" }), HttpStatusCode.OK);

        ScheduledReviewId = await NewReview(coordinator, RegulationId, 2025);
        await Json(await Send(coordinator, HttpMethod.Post, $"/api/v1/reviews/{ScheduledReviewId}/transitions",
            new { to = "scheduled", scheduledOn = "2025-12-15", venue = "Hà Nội", chairs = "Both Offices" }), HttpStatusCode.OK);

        var hiddenRegulation = await AddRegulationWithoutMps($"QC-HID-{Guid.NewGuid():N}"[..14]);
        HiddenReviewId = await NewReview(As("mic.coordinator"), hiddenRegulation, 2024, "MIC");
    }

    /// <summary>Minutes as a coordinator records them.</summary>
    protected static JsonObject Minutes(string decision = "Thống nhất chuyển các nhiệm vụ chưa hoàn thành sang năm 2025.") => new()
    {
        ["heldOn"] = "2024-12-15",
        ["place"] = "Hà Nội",
        ["chairedBy"] = "Nguyễn Văn Chủ Trì",
        ["attendees"] = new JsonArray(
            new JsonObject { ["name"] = "Nguyễn Văn Chủ Trì", ["title"] = "Chánh Văn phòng", ["agencyCode"] = "MPS", ["unitCode"] = "MPS-VP", ["personKey"] = null },
            new JsonObject { ["name"] = "Trần Thị Tham Dự", ["title"] = "Phó Chánh Văn phòng", ["agencyCode"] = "MIC", ["unitCode"] = "MIC-VP", ["personKey"] = null },
            new JsonObject { ["name"] = "Lê Văn Khách", ["title"] = null, ["agencyCode"] = "MIC", ["unitCode"] = null, ["personKey"] = null }),
        ["decisions"] = new JsonArray(decision, "Giao Văn phòng hai Bộ theo dõi, đôn đốc."),
        ["notes"] = null,
    };

    protected async Task<int> NewReview(HttpClient coordinator, int regulationId, int year, string host = "MPS") =>
        (await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/reviews", new
        {
            regulationId, periodYear = year, hostAgencyCode = host, scheduledOn = $"{year}-12-15", venue = "Hà Nội", reason = "The fixture's review",
        }), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    private JsonObject Task(string title, string classification)
    {
        var body = JsonSerializer.SerializeToNode(TaskApi.NewTask(title: title, classification: classification, planYear: 2024, cite: "chp_1__art_1"))!.AsObject();
        body["regulationId"] = RegulationId;
        body["titleVi"] = title;
        return body;
    }
}
