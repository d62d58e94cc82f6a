using System.Data.Common;
using CoordinationApi.Features.Search;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Search;

/// <summary>The kept SQLite rankings of search: one computation per query and index generation, counted against the memory bound.</summary>
public sealed class SearchRankingsTests() : ApiTest("Sqlite")
{
    private static readonly SearchQueryTerms PhoiHop = new(["phoi", "hop"]);

    [Test]
    public async Task Callers_at_the_same_time_share_one_ranking_until_the_index_changes()
    {
        var rankings = Factory.Services.GetRequiredService<SearchRankings>();

        var together = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Rank(rankings, PhoiHop))));
        var later = await Rank(rankings, PhoiHop);
        await using (var connection = await Database().OpenAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO search_documents (kind, entity_id, regulation_id, version_id, classification, folded_heading, folded_body)
                VALUES ('task', 999999, 1, NULL, 0, ' phoi hop ', ' phoi hop ');
                """);
        }

        var afterTheChange = await Rank(rankings, PhoiHop);

        Assert.That(together[0], Is.Not.Empty);
        Assert.That(together, Is.All.SameAs(together[0]), "one ranking computed for all of them");
        Assert.That(later, Is.SameAs(together[0]), "kept while the index is unchanged");
        Assert.That(afterTheChange, Is.Not.SameAs(later), "ranked again after a change of the index");
        Assert.That(afterTheChange, Has.Length.EqualTo(later.Length + 1), "with the new document");
    }

    [Test]
    public async Task A_kept_ranking_counts_its_hits_towards_the_memory_bound()
    {
        var rankings = Factory.Services.GetRequiredService<SearchRankings>();
        var memory = Factory.Services.GetRequiredService<IMemoryCache>();
        var before = memory.GetCurrentStatistics()!.CurrentEstimatedSize;

        var ranking = await Rank(rankings, new SearchQueryTerms(["phoi", $"{Guid.NewGuid():N}"[..6]]));
        var common = await Rank(rankings, new SearchQueryTerms(["phoi"]));

        Assert.That(ranking, Is.Empty);
        Assert.That(common, Is.Not.Empty);
        Assert.That(memory.GetCurrentStatistics()!.CurrentEstimatedSize - before, Is.EqualTo(256 + 256 + (16L * common.Length)),
            "each kept ranking is sized by its hits, so the cache's size limit bounds what rankings hold together");
    }

    private DbConnectionFactory Database() => Factory.Services.GetRequiredService<DbConnectionFactory>();

    private async Task<SearchRankings.RankedHit[]> Rank(SearchRankings rankings, SearchQueryTerms query)
    {
        await using var connection = await Database().OpenReadAsync();
        await using DbTransaction snapshot = ((SqliteSessions.SessionConnection)connection).BeginDeferredTransaction();
        return await rankings.GetAsync(connection, snapshot, query);
    }
}
