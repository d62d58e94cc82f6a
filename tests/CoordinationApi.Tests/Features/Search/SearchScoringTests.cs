using CoordinationApi.Features.Search;
using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Tests.Features.Search;

/// <summary>The one scoring of search, on its own: what matches, in which order, and that nothing but the record and the query counts.</summary>
public sealed class SearchScoringTests
{
    private static readonly SearchQueryTerms BaoVeAnNinh = Query("bao ve an ninh");

    [Test]
    public void Only_records_holding_every_term_as_a_whole_word_match()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Score("Cảnh báo sớm", "Phòng Bảo vệ an ninh mạng"), Is.Not.Null);
            Assert.That(Score("Cảnh báo sớm", "an toàn mạng"), Is.Null, "ve and ninh are missing");
            Assert.That(Score("Bảo vệ", "an ninhmang"), Is.Null, "ninh only inside another word");
            Assert.That(Score("", "baove anninh"), Is.Null);
            Assert.That(Score("Bảo vệ", "An Ninh"), Is.Not.Null, "terms may be split between heading and text");
        });
    }

    [Test]
    public void The_phrase_in_the_heading_beats_the_phrase_in_the_text_which_beats_the_words_apart()
    {
        var inHeading = Score("Bảo vệ an ninh mạng", "Kiểm tra định kỳ")!.Value;
        var inText = Score("Kiểm tra", "Bảo vệ an ninh dữ liệu và bảo vệ an ninh mạng, an ninh và bảo vệ")!.Value;
        var apart = Score("Ninh an vệ bảo", "ninh an, vệ bảo, ninh an, vệ bảo, an, bảo")!.Value;

        Assert.That(inHeading, Is.GreaterThan(inText));
        Assert.That(inText, Is.GreaterThan(apart), "however often the words occur apart, and in the heading too");
    }

    [Test]
    public void The_earlier_the_phrase_the_higher()
    {
        var early = Score("Điều 1", "Bảo vệ an ninh quốc gia trong công tác phối hợp")!.Value;
        var late = Score("Điều 1", "Trong công tác phối hợp giữa hai Bộ về bảo vệ an ninh quốc gia")!.Value;

        Assert.That(early, Is.GreaterThan(late));
    }

    [Test]
    public void A_heading_term_weighs_more_than_a_text_term_and_more_occurrences_count_less_and_less()
    {
        var query = Query("mat ma");
        var inHeading = SearchScoring.Score(Fold("mật mã"), Fold("khóa"), query)!.Value;
        var once = SearchScoring.Score(Fold("khóa"), Fold("mật mã"), query)!.Value;
        var twice = SearchScoring.Score(Fold("khóa"), Fold("mật mã và mật mã"), query)!.Value;
        var thrice = SearchScoring.Score(Fold("khóa"), Fold("mật mã và mật mã và mật mã"), query)!.Value;

        Assert.That(inHeading, Is.GreaterThan(thrice));
        Assert.That(twice, Is.GreaterThan(once));
        Assert.That(thrice - twice, Is.LessThan(twice - once), "saturating");
    }

    [Test]
    public void A_shorter_text_with_the_same_hits_ranks_higher()
    {
        var query = Query("mat ma");
        var shorter = SearchScoring.Score(Fold("khóa"), Fold("dịch vụ mật mã dân sự"), query)!.Value;
        var longer = SearchScoring.Score(Fold("khóa"), Fold("dịch vụ mật mã dân sự " + string.Concat(Enumerable.Repeat("và các đơn vị liên quan ", 30))), query)!.Value;

        Assert.That(shorter, Is.GreaterThan(longer));
    }

    /// <summary>
    /// Corpus statistics (document frequencies, average length) would move a record's score when records are added:
    /// the ranking of any subset, such as what one caller may see, would then tell about the rest.
    /// </summary>
    [Test]
    public void A_records_score_and_order_do_not_depend_on_the_other_records()
    {
        var random = new Random(20261205);
        string[] vocabulary = ["bao", "ve", "an", "ninh", "mang", "canh", "phoi", "hop", "vien", "thong", "lua", "dao", "du", "lieu"];
        string Text(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => vocabulary[random.Next(vocabulary.Length)]));
        var documents = Enumerable.Range(1, 400).Select(i => new CandidateDocument
        {
            Id = i, Kind = i % 3 == 0 ? "provision" : "task", EntityId = i,
            FoldedHeading = TextFolding.IndexForm(Text(random.Next(1, 8))), FoldedBody = TextFolding.IndexForm(Text(random.Next(0, 60))),
        }).ToList();

        foreach (var text in new[] { "bao ve an ninh", "canh bao", "phoi hop", "lua dao vien thong", "an ninh mang", "du lieu" })
        {
            var query = Query(text);
            var visible = documents.Where((_, i) => i % 4 != 0).ToList();
            var all = SearchScoring.Rank(documents, query);
            var alone = SearchScoring.Rank(visible, query);
            var visibleIds = visible.Select(d => d.Id).ToHashSet();

            Assert.That(alone, Is.Not.Empty, text);
            Assert.That(all.Where(h => visibleIds.Contains(h.Id)), Is.EqualTo(alone), $"{text}: the same scores in the same order");
        }
    }

    [Test]
    public void Equal_scores_are_ordered_by_kind_then_id()
    {
        CandidateDocument Document(long id, string kind, int entityId) => new()
        {
            Id = id, Kind = kind, EntityId = entityId, FoldedHeading = Fold("Bảo vệ an ninh"), FoldedBody = Fold(""),
        };

        var ranked = SearchScoring.Rank([Document(1, "task", 7), Document(2, "provision", 9), Document(3, "task", 3), Document(4, "provision", 2)], BaoVeAnNinh);

        Assert.That(ranked.Select(h => (h.Kind, h.EntityId)), Is.EqualTo(new[] { ("provision", 2), ("provision", 9), ("task", 3), ("task", 7) }));
    }

    private static SearchQueryTerms Query(string text) => new(TextFolding.Terms(text));

    private static string Fold(string text) => TextFolding.IndexForm(text);

    private static double? Score(string heading, string body) => SearchScoring.Score(Fold(heading), Fold(body), BaoVeAnNinh);
}
