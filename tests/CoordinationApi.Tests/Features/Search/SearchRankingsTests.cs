using System.Data.Common;
using CoordinationApi.Features.Search;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Search;

/// <summary>The kept SQLite rankings of search: one computation per query and index generation, bounded in number.</summary>
public sealed class SearchRankingsTests() : ApiTest("Sqlite")
{
    private static readonly SearchQueryTerms PhoiHop = new(["phoi", "hop"]);

    [Test]
    public async Task Callers_at_the_same_time_share_one_ranking_until_the_index_changes()
    {
        var rankings = new SearchRankings();

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
    public async Task At_most_the_capacity_is_kept()
    {
        var rankings = new SearchRankings();

        for (var i = 1; i <= SearchRankings.Capacity + 20; i++)
        {
            await Rank(rankings, new SearchQueryTerms(["phoi", "hop", $"{i}"]));
        }

        Assert.That(rankings.Count, Is.LessThanOrEqualTo(SearchRankings.Capacity));
    }

    private DbConnectionFactory Database() => Factory.Services.GetRequiredService<DbConnectionFactory>();

    private async Task<SearchRankings.RankedHit[]> Rank(SearchRankings rankings, SearchQueryTerms query)
    {
        await using var connection = await Database().OpenReadAsync();
        await using DbTransaction snapshot = ((SqliteSessions.SessionConnection)connection).BeginDeferredTransaction();
        return await rankings.GetAsync(connection, snapshot, query);
    }
}
