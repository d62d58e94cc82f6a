using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Search;

/// <summary>
/// The order of search hits, pinned for several queries over records made for it: the same on every provider, because
/// one scoring (<c>SearchScoring</c>) ranks what either database finds.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class SearchOrderTests(string provider) : RegulationTextTest(provider)
{
    private int regulationId;

    [OneTimeSetUp]
    public async Task AddRecords()
    {
        var coordinator = As("mps.coordinator");
        var created = await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/regulations", Regulation("QC-ORDER", ("MPS", "MPS-VP"), ("MIC", "MIC-VP"))), HttpStatusCode.Created);
        regulationId = created.GetProperty("id").GetInt32();
        await PublishSingleArticle(coordinator, regulationId, "Nội dung phối hợp", "Phối hợp bảo vệ an ninh quốc gia và cảnh báo sớm.", "Protecting national security.");
        (string Vi, string En, string DescriptionVi)[] tasks =
        [
            ("Cảnh báo sớm sự cố mạng", "Early warning", "Trung tâm giám sát và Phòng Bảo vệ an ninh mạng duy trì kênh trao đổi."),
            ("Bảo vệ an ninh mạng cho hệ thống quan trọng", "Network security", "Kiểm tra định kỳ."),
            ("Kiểm tra định kỳ", "Periodic check", "Bảo vệ an ninh dữ liệu, bảo vệ bí mật nhà nước."),
            ("Tập huấn", "Training", "Công tác an ninh, bảo vệ và cảnh báo."),
            ("Bảo đảm an toàn", "Safety", "Không liên quan."),
        ];
        foreach (var (vi, en, descriptionVi) in tasks)
        {
            await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/tasks",
                SearchTaskBodies.Task(regulationId, vi, en, descriptionVi, "", cite: "chp_1__art_1")), HttpStatusCode.Created);
        }
    }

    [TestCase("bao ve an ninh", new[] { "Bảo vệ an ninh mạng cho hệ thống quan trọng", "Kiểm tra định kỳ", "article", "Cảnh báo sớm sự cố mạng", "Tập huấn" })]
    [TestCase("Cảnh báo", new[] { "Cảnh báo sớm sự cố mạng", "Tập huấn", "article" })]
    [TestCase("bao ve", new[] { "Bảo vệ an ninh mạng cho hệ thống quan trọng", "Kiểm tra định kỳ", "article", "Cảnh báo sớm sự cố mạng", "Tập huấn" })]
    [TestCase("an ninh mang", new[] { "Bảo vệ an ninh mạng cho hệ thống quan trọng", "Cảnh báo sớm sự cố mạng" })]
    [TestCase("kiem tra dinh ky", new[] { "Kiểm tra định kỳ", "Bảo vệ an ninh mạng cho hệ thống quan trọng" })]
    [TestCase("national security", new[] { "article" })]
    public async Task Hits_come_in_one_order(string query, string[] expected)
    {
        var page = await GetJson<JsonElement>(Client, $"/api/v1/search?q={Uri.EscapeDataString(query)}&regulationId={regulationId}&limit=200");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.That(items.Select(i => i.GetProperty("kind").GetString() == "provision" ? "article" : i.GetProperty("headingVi").GetString()), Is.EqualTo(expected));
        Assert.That(items.Select(i => i.GetProperty("score").GetDouble()), Is.Ordered.Descending);
    }
}
