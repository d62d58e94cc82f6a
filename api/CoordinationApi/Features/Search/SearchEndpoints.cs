using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Features.Audit;
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
    [Vocabulary(typeof(SearchIndex), nameof(SearchIndex.Kinds))] string Kind, int EntityId, int RegulationId, int? VersionId, int? VersionNumber, string? AknId, string? TaskCode,
    string? HeadingVi, string? HeadingEn, string Snippet, double Score) : IClassifiedRecord
{
    /// <summary>The record found, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>What the search needs besides its query and caller (bound with <c>[AsParameters]</c>).</summary>
public sealed record SearchServices(DbConnectionFactory Db, SearchRankings Rankings, Cursors Cursors, TimeProvider Clock);

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
    /// Finds words in the headings and texts (Vietnamese and English) of the regulations' text in force today, ignoring
    /// case and Vietnamese diacritics (<c>bao ve an ninh</c> finds <c>Bảo vệ an ninh</c>, <c>đ</c> is <c>d</c>), best first
    /// (the words as one phrase, in a heading first, before the words apart, then by <see cref="SearchScoring"/>), a page at
    /// a time. Only regulations the caller's agency is party to, and records within the caller's clearance; the order and
    /// scores of those do not depend on anything else the register holds.
    /// </summary>
    public static async Task<Ok<Page<SearchHitDto>>> Search(
        [AsParameters] SearchQuery query, Caller caller, [AsParameters] SearchServices services, CancellationToken cancellationToken)
    {
        var terms = new SearchQueryTerms(TextFolding.Terms(query.Q));
        var key = services.Cursors.PositionOf(ListName, query.Cursor);
        var skip = key.Length == 0 ? 0 : Cursors.ParseId(key);
        var limit = query.Limit ?? Cursors.DefaultLimit;

        await using var connection = await services.Db.OpenReadAsync(cancellationToken);
        var today = services.Clock.Today();
        var rows = services.Db.Dialect.Provider == DatabaseProvider.SqlServer
            ? await SqlServerHitsAsync(connection, caller, query.RegulationId, terms, skip, limit, today, cancellationToken)
            : await SqliteHitsAsync(connection, services.Rankings, caller, query.RegulationId, terms, skip, limit, today, cancellationToken);

        var page = services.Cursors.ToPage(ListName, rows, limit, _ => Cursors.Position(skip + limit));

        var termSet = terms.Terms.ToHashSet(StringComparer.Ordinal);
        return TypedResults.Ok(new Page<SearchHitDto>(
            [.. page.Items.Select(r => new SearchHitDto(
                r.Kind, r.EntityId, r.RegulationId, r.VersionId, r.VersionNumber, r.AknId, r.TaskCode, r.TitleVi, r.TitleEn,
                Snippets.Build([r.BodyVi, r.BodyEn, r.TitleVi, r.TitleEn], termSet), Math.Round(r.Score, 6))
            {
                Of = new(r.Kind, r.EntityId.ToString(CultureInfo.InvariantCulture), (Clearance)r.Classification, r.RegulationId),
            })],
            page.NextCursor));
    }

    /// <summary>
    /// SQL Server: the records the caller may see that the database proposes, ranked here, and the titles and texts of
    /// the page of them.
    /// </summary>
    private static async Task<List<SearchRow>> SqlServerHitsAsync(
        DbConnection connection, Caller caller, int? regulationId, SearchQueryTerms terms, int skip, int limit, DateOnly today,
        CancellationToken cancellationToken)
    {
        var candidates = await connection.QueryAsync<CandidateDocument>(new CommandDefinition(
            SearchSql.SqlServerCandidates,
            CallerParameters.For(caller, new { Terms = string.Join(' ', terms.Terms), RegulationId = regulationId, Today = today }),
            cancellationToken: cancellationToken));
        var page = SearchScoring.Rank(candidates, terms).Skip(skip).Take(limit + 1).ToList();
        if (page.Count == 0)
        {
            return [];
        }

        var rows = (await connection.QueryAsync<SearchRow>(new CommandDefinition(
            SearchSql.SqlServerPage,
            CallerParameters.For(caller, new { Ids = SqlDialect.JsonList(page.Select(h => h.Id)), RegulationId = regulationId, Today = today }),
            cancellationToken: cancellationToken)))
            .ToDictionary(r => r.DocumentId);
        return [.. page.Where(h => rows.ContainsKey(h.Id)).Select(h => rows[h.Id] with { Score = h.Score })];
    }

    /// <summary>
    /// SQLite: the query's kept ranking of every match (<see cref="SearchRankings"/>), then the page of it the caller may
    /// see, all in one snapshot so that they agree.
    /// </summary>
    private static async Task<List<SearchRow>> SqliteHitsAsync(
        DbConnection connection, SearchRankings rankings, Caller caller, int? regulationId, SearchQueryTerms terms, int skip, int limit,
        DateOnly today, CancellationToken cancellationToken)
    {
        await using var snapshot = ((SqliteSessions.SessionConnection)connection).BeginDeferredTransaction();
        var ranking = await rankings.GetAsync(connection, snapshot, terms);

        // Most hits are visible to most callers: a prefix of twice the page usually fills it; a prefix twice as long when
        // not, up to the whole ranking.
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

            prefix = (int)Math.Min(ranking.Length, 2L * prefix);
        }
    }
}
