using System.Net;
using System.Text.Json;
using CoordinationApi.Tests.Features.RegulationText;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Search;

/// <summary>
/// Search tells a caller nothing about records they may not see: for every query and every clearance, the hits, their
/// order and their scores are the same before and after secret and top-secret records holding the searched words are
/// added, apart from the added records the caller is cleared for.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class SearchSideChannelTests(string provider) : RegulationTextTest(provider)
{
    private static readonly string[] Queries = ["bao ve an ninh", "phoi hop", "an ninh mang", "vien thong", "canh bao", "lua dao", "Bảo vệ"];

    /// <summary>Every demo user who may search, from unclassified to top secret, in both agencies.</summary>
    private static readonly string[] Users =
        ["mps.viewer", "mps.auditor", "mps.officer", "mps.coordinator", "mic.viewer", "mic.officer", "mic.coordinator", "mic.auditor"];

    [Test]
    public async Task Classified_records_holding_the_words_change_nothing_for_callers_not_cleared_for_them()
    {
        var before = await SearchAll();

        var added = new List<(string Code, string Classification)>();
        var coordinator = As("mps.coordinator");
        foreach (var classification in new[] { "secret", "top-secret" })
        {
            foreach (var (vi, description) in new[]
            {
                ("Bảo vệ an ninh mạng viễn thông", "Bảo vệ an ninh, phối hợp cảnh báo lừa đảo viễn thông; bảo vệ an ninh mạng."),
                ("Phối hợp cảnh báo lừa đảo", "Phối hợp phối hợp cảnh báo cảnh báo lừa đảo lừa đảo viễn thông an ninh mạng bảo vệ."),
                ("Lừa đảo viễn thông", "Cảnh báo, phối hợp bảo vệ an ninh mạng."),
            })
            {
                var task = await Json(await Send(coordinator, HttpMethod.Post, "/api/v1/tasks",
                    SearchTaskBodies.Task(DemoId, vi, "Hidden", description, "Phoi hop vien thong", classification)), HttpStatusCode.Created);
                added.Add(($"{DemoId}:{task.GetProperty("code").GetString()}", classification));
            }
        }

        var after = await SearchAll();

        var addedCodes = added.Select(a => a.Code).ToHashSet();
        Assert.Multiple(() =>
        {
            foreach (var user in Users)
            {
                foreach (var query in Queries)
                {
                    Assert.That(after[(user, query)].Where(h => !addedCodes.Contains(h.Key)), Is.EqualTo(before[(user, query)]),
                        $"{user}, '{query}': the same hits, order and scores, the added records the caller may see aside");
                }
            }

            // Not vacuous: the added records do match, and show to those cleared for them.
            foreach (var query in Queries)
            {
                Assert.That(after[("mps.coordinator", query)].Select(h => h.Key), Is.SupersetOf(added.Select(a => a.Code)), $"top secret, '{query}'");
                Assert.That(after[("mps.officer", query)].Select(h => h.Key).Where(addedCodes.Contains),
                    Is.EquivalentTo(added.Where(a => a.Classification == "secret").Select(a => a.Code)), $"secret, '{query}'");
                Assert.That(after[("mps.viewer", query)], Is.EqualTo(before[("mps.viewer", query)]), $"unclassified, '{query}'");
            }
        });
    }

    private async Task<Dictionary<(string User, string Query), List<(string Key, double Score)>>> SearchAll()
    {
        var results = new Dictionary<(string, string), List<(string, double)>>();
        foreach (var user in Users)
        {
            foreach (var query in Queries)
            {
                var page = await GetJson<JsonElement>(As(user), $"/api/v1/search?q={Uri.EscapeDataString(query)}&limit=200");
                results[(user, query)] = [.. page.GetProperty("items").EnumerateArray().Select(h => (
                    $"{h.GetProperty("regulationId").GetInt32()}:{h.GetProperty("aknId").GetString() ?? h.GetProperty("taskCode").GetString()}",
                    h.GetProperty("score").GetDouble()))];
                Assert.That(page.GetProperty("nextCursor").ValueKind, Is.EqualTo(JsonValueKind.Null), $"{user}, '{query}': one page holds every hit");
            }
        }

        return results;
    }
}
