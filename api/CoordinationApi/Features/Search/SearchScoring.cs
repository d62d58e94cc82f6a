namespace CoordinationApi.Features.Search;

/// <summary>
/// The one definition of what a search finds and in which order, used by both databases: the database only proposes
/// candidates (SQLite: FTS5 <c>MATCH</c>; SQL Server: <c>LIKE</c> on the folded columns), and this decides over their
/// folded heading and body. A record's score depends on that record and the query alone, never on other records (no
/// document frequencies, no average length), so the order of the records a caller may see, and their scores, are the
/// same whatever else the index holds, above the caller's clearance or outside their agency.
/// </summary>
public static class SearchScoring
{
    /// <summary>A record holding the query's words as one phrase in its heading ranks above one holding it in its text, which ranks above the words apart.</summary>
    public const double PhraseInHeading = 200;

    public const double PhraseInBody = 100;

    /// <summary>Each query term found as a whole word in the heading.</summary>
    public const double HeadingWeight = 2;

    /// <summary>At most this for each query term found in the text, more for more occurrences, less in a longer text.</summary>
    public const double BodyWeight = 1;

    /// <summary>Term saturation and length normalisation as in BM25, against a fixed text length rather than the corpus's average.</summary>
    private const double K1 = 1.2;

    private const double B = 0.75;

    private const double ReferenceWords = 100;

    /// <summary>The phrase's position: up to +10 at the start of its text, halved after 8 words (the earlier, the more central).</summary>
    public const double PositionWeight = 10;

    private const double PositionWords = 8;

    /// <summary>
    /// The score of a record whose folded heading and body are <paramref name="heading"/> and <paramref name="body"/>
    /// (<see cref="Infrastructure.Data.TextFolding.IndexForm"/>: words separated by single spaces, a space at each end),
    /// or null when some term of the query is not one of its whole words.
    /// </summary>
    public static double? Score(string heading, string body, SearchQueryTerms query)
    {
        var terms = 0.0;
        var words = -1;
        foreach (var term in query.Patterns)
        {
            var inHeading = heading.Contains(term, StringComparison.Ordinal);
            var count = Occurrences(body, term);
            if (!inHeading && count == 0)
            {
                return null;
            }

            if (count > 0 && words < 0)
            {
                words = body.AsSpan().Count(' ') - 1;
            }

            terms += (inHeading ? HeadingWeight : 0)
                + (count == 0 ? 0 : BodyWeight * count / (count + (K1 * (1 - B + (B * words / ReferenceWords)))));
        }

        var atHeading = heading.IndexOf(query.Phrase, StringComparison.Ordinal);
        var atBody = atHeading >= 0 ? -1 : body.IndexOf(query.Phrase, StringComparison.Ordinal);
        var phrase = atHeading >= 0 ? PhraseInHeading + Early(heading, atHeading)
            : atBody >= 0 ? PhraseInBody + Early(body, atBody)
            : 0;
        return phrase + terms;
    }

    /// <summary>
    /// The records that match, best first: by score, then by kind and id (so that equal scores have one order too).
    /// </summary>
    public static List<ScoredDocument> Rank(IEnumerable<CandidateDocument> candidates, SearchQueryTerms query)
    {
        var hits = new List<ScoredDocument>();
        foreach (var candidate in candidates)
        {
            if (Score(candidate.FoldedHeading, candidate.FoldedBody, query) is { } score)
            {
                hits.Add(new ScoredDocument(candidate.Id, candidate.Kind, candidate.EntityId, score));
            }
        }

        hits.Sort(static (a, b) => b.Score.CompareTo(a.Score) is var byScore and not 0 ? byScore
            : string.CompareOrdinal(a.Kind, b.Kind) is var byKind and not 0 ? byKind
            : a.EntityId.CompareTo(b.EntityId));
        return hits;
    }

    private static double Early(string text, int at) => PositionWeight / (1 + (text.AsSpan(0, at).Count(' ') / PositionWords));

    /// <summary>How often <paramref name="pattern"/> (<c> word </c>) occurs, neighbours sharing their space.</summary>
    private static int Occurrences(string text, string pattern)
    {
        var count = 0;
        for (var at = text.IndexOf(pattern, StringComparison.Ordinal); at >= 0; at = text.IndexOf(pattern, at + pattern.Length - 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>A query as the scoring reads it: its folded words in order, and each distinct word.</summary>
public sealed class SearchQueryTerms
{
    public SearchQueryTerms(IReadOnlyList<string> words)
    {
        Words = string.Join(' ', words);
        Terms = [.. words.Distinct(StringComparer.Ordinal)];
        Patterns = [.. Terms.Select(t => $" {t} ")];
        Phrase = $" {Words} ";
    }

    /// <summary>The words in order, separated by single spaces.</summary>
    public string Words { get; }

    /// <summary>Each distinct word once.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Each distinct word with a space each side: a whole word of an index form.</summary>
    public IReadOnlyList<string> Patterns { get; }

    /// <summary>The words as one phrase with a space each side.</summary>
    public string Phrase { get; }
}

/// <summary>A record the database proposes: its <c>search_documents</c> id, kind, entity id and folded texts.</summary>
public sealed record CandidateDocument
{
    public long Id { get; init; }

    public string Kind { get; init; } = "";

    public int EntityId { get; init; }

    public string FoldedHeading { get; init; } = "";

    public string FoldedBody { get; init; } = "";
}

/// <summary>A record that matches, with its score.</summary>
public readonly record struct ScoredDocument(long Id, string Kind, int EntityId, double Score);
