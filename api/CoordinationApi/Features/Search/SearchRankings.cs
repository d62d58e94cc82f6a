using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace CoordinationApi.Features.Search;

/// <summary>
/// The SQLite rankings of recent queries: every record FTS5 finds (<see cref="SearchSql.SqliteCandidates"/>), scored and
/// ordered by <see cref="SearchScoring"/>, each kept with the search index generation it was ranked at and used only while
/// that generation is the current one. A ranking is the same for every caller and holds every match, so that filtering
/// it gives each caller exactly the order of what they may see: who may see which hit is decided by each request's own
/// query, over as short a prefix of the ranking as gives it its page. Requests that miss the same ranking at the same time share one computation instead of ranking a common
/// word's matches once each. A request whose snapshot is older than a kept ranking ranks for itself, keeping the newer.
/// </summary>
public sealed class SearchRankings
{
    /// <summary>How many rankings are kept; beyond it, the outdated go first, then all.</summary>
    public const int Capacity = 256;

    /// <summary>How many hits all kept rankings hold together at most (16 bytes each): a common word matches most records.</summary>
    public const int MaxKeptHits = 4_000_000;

    internal int Count => rankings.Count;

    private readonly ConcurrentDictionary<string, Ranking> rankings = new(StringComparer.Ordinal);

    /// <summary>The query's ranking, best first, as of <paramref name="transaction"/>'s snapshot.</summary>
    public async Task<RankedHit[]> GetAsync(DbConnection connection, DbTransaction transaction, SearchQueryTerms query)
    {
        var key = query.Words;
        var generation = await connection.ExecuteScalarAsync<long>(SearchSql.SqliteGeneration, transaction: transaction);
        if (rankings.TryGetValue(key, out var known) && known.Generation == generation && !known.Hits.IsFaulted)
        {
            return await known.Hits;
        }

        var mine = new Ranking(generation, new TaskCompletionSource<RankedHit[]>(TaskCreationOptions.RunContinuationsAsynchronously));
        var current = rankings.AddOrUpdate(
            key,
            mine,
            (_, existing) => existing.Generation > generation || (existing.Generation == generation && !existing.Hits.IsFaulted) ? existing : mine);
        if (!ReferenceEquals(current, mine))
        {
            // The same generation: wait for its ranking. A newer one is kept: this older snapshot ranks for itself.
            return current.Generation == generation ? await current.Hits : await RankAsync(connection, transaction, query);
        }

        try
        {
            mine.Source.SetResult(await RankAsync(connection, transaction, query));
        }
        catch (Exception exception)
        {
            rankings.TryRemove(new KeyValuePair<string, Ranking>(key, mine));
            mine.Source.SetException(exception);
        }

        Trim();
        return await mine.Hits;
    }

    // Not cancelled with the request: others may be waiting for it, and it ends in at most a few hundred ms.
    private static async Task<RankedHit[]> RankAsync(DbConnection connection, DbTransaction transaction, SearchQueryTerms query)
    {
        var candidates = await connection.QueryAsync<CandidateDocument>(new CommandDefinition(
            SearchSql.SqliteCandidates, new { Match = string.Join(' ', query.Terms.Select(t => $"\"{t}\"")) }, transaction,
            cancellationToken: CancellationToken.None));
        return [.. SearchScoring.Rank(candidates, query).Select(h => new RankedHit(h.Id, h.Score))];
    }

    private void Trim()
    {
        if (rankings.Count <= Capacity && KeptHits() <= MaxKeptHits)
        {
            return;
        }

        var newest = rankings.Values.Max(r => r.Generation);
        foreach (var (key, ranking) in rankings)
        {
            if (ranking.Generation < newest)
            {
                rankings.TryRemove(new KeyValuePair<string, Ranking>(key, ranking));
            }
        }

        if (rankings.Count > Capacity || KeptHits() > MaxKeptHits)
        {
            rankings.Clear();
        }
    }

    private long KeptHits() => rankings.Values.Sum(r => r.Hits.IsCompletedSuccessfully ? (long)r.Hits.Result.Length : 0);

    /// <summary>A ranked match: its <c>search_documents</c> id and its score.</summary>
    public readonly record struct RankedHit(long Id, double Score);

    /// <summary>
    /// The first <paramref name="count"/> hits of a ranking as <c>[[id, score], …]</c>, for <see cref="SearchSql.SqliteRankedHits"/>.
    /// </summary>
    public static string AsJson(RankedHit[] ranking, int count)
    {
        var json = new StringBuilder((count * 24) + 2).Append('[');
        foreach (var hit in ranking.AsSpan(0, count))
        {
            json.Append(json.Length == 1 ? "[" : ",[").Append(hit.Id.ToString(CultureInfo.InvariantCulture))
                .Append(',').Append(hit.Score.ToString("R", CultureInfo.InvariantCulture)).Append(']');
        }

        return json.Append(']').ToString();
    }

    private sealed record Ranking(long Generation, TaskCompletionSource<RankedHit[]> Source)
    {
        public Task<RankedHit[]> Hits => Source.Task;
    }
}
