using System.Data.Common;
using System.Globalization;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Features.Search;

/// <summary>A search of the register.</summary>
/// <param name="Q">Words to find, in any case, with or without Vietnamese diacritics (NFC or NFD); every word must occur.</param>
/// <param name="RegulationId">Only in this regulation.</param>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record SearchQuery(
    [property: FromQuery(Name = "q")] string? Q,
    [property: FromQuery(Name = "regulationId")] int? RegulationId,
    [property: FromQuery(Name = "cursor")] string? Cursor,
    [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class SearchQueryValidator : AbstractValidator<SearchQuery>
{
    public const int MaxTerms = 12;

    public SearchQueryValidator(Cursors cursors)
    {
        Include(new PageRules<SearchQuery>(cursors, SearchEndpoints.ListName, Cursors.IsId));
        RuleFor(q => q.RegulationId).IsId();
        RuleFor(q => q.Q).NotEmpty().MaximumLength(200)
            .Must(q => TextFolding.Terms(q).Count is > 0 and <= MaxTerms)
            .WithMessage($"Type 1 to {MaxTerms} words (letters or digits).");
    }
}

/// <summary>A record that matches a search.</summary>
/// <param name="Kind"><c>provision</c> (an article, clause or point of the text in force); <c>task</c> once tasks are indexed.</param>
/// <param name="EntityId">The provision's or task's id.</param>
/// <param name="RegulationId">The regulation it belongs to.</param>
/// <param name="VersionId">For a provision: the version (the one in force today).</param>
/// <param name="VersionNumber">For a provision: that version's number.</param>
/// <param name="AknId">For a provision: its AKN id, e.g. <c>chp_2__art_4__para_1</c>.</param>
/// <param name="TaskCode">For a task: its code.</param>
/// <param name="HeadingVi">Heading (provision) or title (task) in Vietnamese.</param>
/// <param name="HeadingEn">Heading (provision) or title (task) in English.</param>
/// <param name="Snippet">An excerpt of the original text with the hits in <c>&lt;mark&gt;…&lt;/mark&gt;</c>; the text's own <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> are escaped.</param>
/// <param name="Score">Relevance, higher first; comparable within one search only.</param>
public sealed record SearchHitDto(
    string Kind, int EntityId, int RegulationId, int? VersionId, int? VersionNumber, string? AknId, string? TaskCode,
    string? HeadingVi, string? HeadingEn, string Snippet, double Score);

public static class SearchEndpoints
{
    /// <summary>A search's cursor holds how many hits its earlier pages showed.</summary>
    internal const string ListName = "search";

    public static RouteGroupBuilder MapSearch(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/search").WithTags("Search").RequireAccess(Access.RegulationsRead);
        group.MapGet("/", Search).WithName(nameof(Search));
        return group;
    }

    /// <summary>
    /// How many of FTS5's best matches beyond the page are re-ranked (phrase first) and filtered by scope and clearance:
    /// at least this many, counted from the page's end rounded up to <see cref="WindowStep"/>, so that the pages of one
    /// search share one ranking.
    /// </summary>
    private const int RankingWindow = 1000;

    private const int WindowStep = 200;

    /// <summary>
    /// Finds words in the headings and texts (Vietnamese and English) of the regulations' text in force today, ignoring
    /// case and Vietnamese diacritics (<c>bao ve an ninh</c> finds <c>Bảo vệ an ninh</c>, <c>đ</c> is <c>d</c>), best first
    /// (the words as one phrase before the words apart, then by relevance), a page at a time. Only regulations the caller's
    /// agency is party to, and records within the caller's clearance.
    /// </summary>
    public static async Task<Ok<Page<SearchHitDto>>> Search(
        [AsParameters] SearchQuery query, Caller caller, DbConnectionFactory db, SearchRankings rankings, Cursors cursors,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var words = TextFolding.Terms(query.Q);
        var terms = words.Distinct(StringComparer.Ordinal).ToList();
        var key = cursors.PositionOf(ListName, query.Cursor);
        var skip = key.Length == 0 ? 0 : Cursors.ParseId(key);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        var match = string.Join(' ', terms.Select(t => $"\"{t}\""));
        var phrase = string.Join(' ', words);

        await using var connection = await db.OpenReadAsync(cancellationToken);
        var rows = db.Dialect.Provider == DatabaseProvider.SqlServer
            ? (await connection.QueryAsync<SearchRow>(new CommandDefinition(
                SearchSql.SqlServerSearch(db.Dialect),
                CallerParameters.For(caller, new
                {
                    Terms = string.Join(' ', terms), Phrase = $"% {phrase} %", PhraseText = $" {phrase} ", query.RegulationId,
                    Today = clock.Today(), Skip = skip, Take = limit + 1,
                }),
                cancellationToken: cancellationToken))).AsList()
            : await SqliteHitsAsync(connection, rankings, caller, query.RegulationId, match, phrase, skip, limit, clock.Today(), cancellationToken);

        var page = cursors.ToPage(ListName, rows, limit, _ => Cursors.Position(skip + limit));

        var termSet = terms.ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(new Page<SearchHitDto>(
            [.. page.Items.Select(r => new SearchHitDto(
                r.Kind, r.EntityId, r.RegulationId, r.VersionId, r.VersionNumber, r.AknId, r.TaskCode, r.TitleVi, r.TitleEn,
                Snippets.Build([r.BodyVi, r.BodyEn, r.TitleVi, r.TitleEn], termSet), Math.Round(r.Score, 6)))],
            page.NextCursor));
    }

    /// <summary>
    /// SQLite: the query's kept ranking (<see cref="SearchRankings"/>), then the page of it the caller may see, all in one
    /// snapshot so that they agree.
    /// </summary>
    private static async Task<List<SearchRow>> SqliteHitsAsync(
        DbConnection connection, SearchRankings rankings, Caller caller, int? regulationId, string match, string phrase, int skip, int limit,
        DateOnly today, CancellationToken cancellationToken)
    {
        await using var snapshot = ((SqliteSessions.SessionConnection)connection).BeginDeferredTransaction();
        var window = ((skip + limit + WindowStep - 1) / WindowStep * WindowStep) + RankingWindow;
        var ranking = await rankings.GetAsync(connection, snapshot, new SearchRankings.RankingKey(phrase, window), new
        {
            Match = match, Phrase = $"% {phrase} %", PhraseText = $" {phrase} ", Window = window,
        });

        // Most hits are visible to most callers: a prefix of twice the page usually fills it; the whole ranking when not.
        var prefix = Math.Min(ranking.Length, (2 * (skip + limit)) + 20);
        while (true)
        {
            var rows = (await connection.QueryAsync<SearchRow>(new CommandDefinition(
                SearchSql.SqliteRankedHits,
                CallerParameters.For(caller, new
                {
                    Ranked = SearchRankings.AsJson(ranking, prefix), RegulationId = regulationId, Today = today, Skip = skip, Take = limit + 1,
                }),
                snapshot,
                cancellationToken: cancellationToken))).AsList();
            if (rows.Count == limit + 1 || prefix == ranking.Length)
            {
                return rows;
            }

            prefix = ranking.Length;
        }
    }
}
