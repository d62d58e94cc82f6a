using System.ComponentModel;
using System.Data.Common;
using System.Globalization;
using System.Text;
using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.Caching.Hybrid;

namespace CoordinationApi.Features.Search;

/// <summary>
/// The SQLite rankings of recent queries: every record FTS5 finds (<see cref="SearchSql.SqliteCandidates"/>), scored and
/// ordered by <see cref="SearchScoring"/>, kept in the instance's <see cref="HybridCache"/> (<see cref="Caches"/>) under
/// the search index generation of the snapshot they were ranked in. The generation lives in the database and moves with
/// every change of the index, whichever instance writes it, so a request looks under its own snapshot's generation and
/// never gets a ranking made before a change it can see. A ranking is the same for every caller and holds every match,
/// so that filtering it gives each caller exactly the order of what they may see: who may see which hit is decided by
/// each request's own query, over as short a prefix of the ranking as gives it its page. Requests that miss the same
/// ranking at the same time share one computation instead of ranking a common word's matches once each. Each ranking
/// counts its hits (16 bytes each) towards the cache's memory bound.
/// </summary>
public sealed class SearchRankings(HybridCache cache)
{
    /// <summary>The query's ranking, best first, as of <paramref name="transaction"/>'s snapshot.</summary>
    public async Task<RankedHit[]> GetAsync(DbConnection connection, DbTransaction transaction, SearchQueryTerms query)
    {
        var generation = await connection.ExecuteScalarAsync<long>(SearchSql.SqliteGeneration, transaction: transaction);
        // The first caller's connection ranks for all who wait: it is not cancelled with the request, so that connection
        // stays open until the ranking is done (it ends in at most a few hundred ms).
        var kept = await cache.GetOrCreateAsync(
            string.Create(CultureInfo.InvariantCulture, $"search:{generation}:{query.Words}"),
            (connection, transaction, query),
            static async (state, entry, _) =>
            {
                var hits = await RankAsync(state.connection, state.transaction, state.query);
                entry.LocalSize = 256 + (16L * hits.Length);
                return new Ranking(hits);
            },
            Entry,
            cancellationToken: CancellationToken.None);
        return kept.Hits;
    }

    private static readonly HybridCacheEntryOptions Entry = Caches.Local(TimeSpan.FromMinutes(10), 256);

    // Not cancelled with the request: others may be waiting for it, and it ends in at most a few hundred ms.
    private static async Task<RankedHit[]> RankAsync(DbConnection connection, DbTransaction transaction, SearchQueryTerms query)
    {
        var candidates = await connection.QueryAsync<CandidateDocument>(new CommandDefinition(
            SearchSql.SqliteCandidates, new { Match = string.Join(' ', query.Terms.Select(t => $"\"{t}\"")) }, transaction,
            cancellationToken: CancellationToken.None));
        return [.. SearchScoring.Rank(candidates, query).Select(h => new RankedHit(h.Id, h.Score))];
    }

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

    /// <summary>A kept ranking (shared as is: never changed once ranked).</summary>
    [ImmutableObject(true)]
    private sealed record Ranking(RankedHit[] Hits);
}
