using CoordinationApi.Features.Regulations;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.RegulationText;

/// <summary>Which languages of the text to return.</summary>
/// <param name="Lang"><c>vi</c>, <c>en</c> or <c>both</c> (default).</param>
public sealed record TextQuery([Vocabulary(typeof(LangRules))] [property: FromQuery(Name = "lang")] string? Lang);

/// <summary>The text as in force on a date.</summary>
/// <param name="AsOf">The date (default today): the published version with the latest effective date not after it.</param>
/// <param name="Lang"><c>vi</c>, <c>en</c> or <c>both</c> (default).</param>
public sealed record TextAsOfQuery([property: FromQuery(Name = "asOf")] DateOnly? AsOf, [Vocabulary(typeof(LangRules))] [property: FromQuery(Name = "lang")] string? Lang);

/// <summary>A page of a regulation's versions.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record VersionsQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

/// <summary>A version's position is its number.</summary>
internal sealed class VersionsQueryValidator : AbstractValidator<VersionsQuery>
{
    public VersionsQueryValidator(Cursors cursors) =>
        Include(new PageRules<VersionsQuery>(cursors, RegulationTextEndpoints.VersionsList, Cursors.IsId));
}

internal static class LangRules
{
    [VocabularyName("Lang")]
    public static readonly string[] All = ["vi", "en", "both"];

    public static IRuleBuilderOptions<T, string?> IsLang<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(Bounds.Code).Must(l => l is null || All.Contains(l)).WithMessage("lang must be vi, en or both.");
}

internal sealed class TextQueryValidator : AbstractValidator<TextQuery>
{
    public TextQueryValidator() => RuleFor(q => q.Lang).IsLang();
}

internal sealed class TextAsOfQueryValidator : AbstractValidator<TextAsOfQuery>
{
    public TextAsOfQueryValidator()
    {
        RuleFor(q => q.Lang).IsLang();
        RuleFor(q => q.AsOf).IsDate();
    }
}

public static partial class RegulationTextEndpoints
{
    internal const string VersionsList = "regulation-versions";

    /// <summary>The versions of a regulation, oldest first: the text as signed, then each amendment (at most one draft).</summary>
    /// <param name="regulationId">Regulation id.</param>
    public static async Task<Results<Ok<Page<VersionDto>>, ProblemHttpResult>> ListVersions(
        int regulationId, [AsParameters] VersionsQuery query, Caller caller, [AsParameters] RegulationTextServices services, CancellationToken cancellationToken)
    {
        var key = services.Cursors.PositionOf(VersionsList, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var parameters = CallerParameters.For(caller, new
        {
            RegulationId = regulationId, KeyNumber = key.Length == 0 ? 0 : Cursors.ParseId(key), Take = limit + 1, Today = services.Clock.Today(),
        });
        if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(RegulationTextSql.RegulationVisible, parameters, cancellationToken: cancellationToken)) == 0)
        {
            return NoRegulation(regulationId);
        }

        var rows = (await connection.QueryAsync<VersionRow>(new CommandDefinition(
            RegulationTextSql.VersionsPage(services.Db.Dialect), parameters, cancellationToken: cancellationToken))).AsList();
        var inForce = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            RegulationTextSql.InForce(services.Db.Dialect), parameters, cancellationToken: cancellationToken));
        var page = services.Cursors.ToPage(VersionsList, rows, limit, v => Cursors.Position(v.Number));
        return TypedResults.Ok(new Page<VersionDto>(
            [.. page.Items.Select(v => new VersionDto(v.Id, v.RegulationId, v.Number, v.Status, v.EffectiveFrom, v.BasedOnNumber, v.Note, v.CreatedAt, v.PublishedAt, v.Id == inForce))],
            page.NextCursor));
    }

    /// <summary>One version of a regulation, with its ETag (sent back in <c>If-Match</c> to publish a draft).</summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Version number.</param>
    public static async Task<Results<Ok<VersionDto>, ProblemHttpResult>> GetVersion(
        int regulationId, int number, Caller caller, [AsParameters] RegulationTextServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var read = new ReadScope(connection, services.Db.Dialect);
        var versions = await VersionSet.LoadAsync(read, caller, regulationId, services.Clock.Today(), cancellationToken);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        if (versions.Number(number) is not { } version)
        {
            return NoVersion(regulationId, number);
        }

        Concurrency.SetETag(services.Http, version.RowVersion);
        return TypedResults.Ok(versions.ToDto(version));
    }

    /// <summary>The text of one version (a draft included) as a tree: chapters, articles, clauses, points.</summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Version number.</param>
    public static async Task<Results<Ok<RegulationTextDto>, ProblemHttpResult>> GetVersionText(
        int regulationId, int number, [AsParameters] TextQuery query, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var read = new ReadScope(connection, services.Db.Dialect);
        var versions = await VersionSet.LoadAsync(read, caller, regulationId, services.Clock.Today(), cancellationToken);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        return versions.Number(number) is { } version
            ? TypedResults.Ok(await TextOfAsync(read, caller, versions, version, query.Lang ?? "both", cancellationToken))
            : NoVersion(regulationId, number);
    }

    /// <summary>The text in force on a date (default today): the published version with the latest effective date not after it.</summary>
    /// <param name="regulationId">Regulation id.</param>
    public static async Task<Results<Ok<RegulationTextDto>, ProblemHttpResult>> GetTextAsOf(
        int regulationId, [AsParameters] TextAsOfQuery query, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var read = new ReadScope(connection, services.Db.Dialect);
        var versions = await VersionSet.LoadAsync(read, caller, regulationId, services.Clock.Today(), cancellationToken);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        var date = query.AsOf ?? services.Clock.Today();
        return versions.InForceOn(date) is { } version
            ? TypedResults.Ok(await TextOfAsync(read, caller, versions, version, query.Lang ?? "both", cancellationToken))
            : Problems.NotFound($"No version of regulation {regulationId} was in force on {date:yyyy-MM-dd}.");
    }

    /// <summary>
    /// One provision by its AKN id (e.g. <c>chp_2__art_4</c>), with the provisions under it and the tasks that cite it,
    /// and its ETag (sent back in <c>If-Match</c> to edit it in a draft).
    /// </summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Version number.</param>
    /// <param name="aknId">The provision's AKN id.</param>
    public static async Task<Results<Ok<ProvisionDetailDto>, ProblemHttpResult>> GetProvision(
        int regulationId, int number, string aknId, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var read = new ReadScope(connection, services.Db.Dialect);
        var versions = await VersionSet.LoadAsync(read, caller, regulationId, services.Clock.Today(), cancellationToken);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        if (versions.Number(number) is not { } version)
        {
            return NoVersion(regulationId, number);
        }

        var rows = await ProvisionsAsync(read, caller, version.Id, cancellationToken);
        if (rows.Find(r => r.AknId == aknId) is not { } row)
        {
            return NoProvision(regulationId, number, aknId);
        }

        var citedBy = await connection.QueryAsync<CitingTaskDto>(new CommandDefinition(
            RegulationTextSql.CitingTasks,
            CallerParameters.For(caller, new { RegulationId = regulationId, AknId = aknId, Descendants = AknIds.DescendantsPattern(aknId) }),
            cancellationToken: cancellationToken));
        Concurrency.SetETag(services.Http, row.RowVersion);
        return TypedResults.Ok(DetailOf(version, rows, row, citedBy.AsList()));
    }

    /// <summary>Coverage of a version: how many of its articles tasks cite, and the articles no task cites.</summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Version number.</param>
    public static async Task<Results<Ok<CoverageDto>, ProblemHttpResult>> GetCoverage(
        int regulationId, int number, Caller caller, [AsParameters] RegulationTextServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var read = new ReadScope(connection, services.Db.Dialect);
        var versions = await VersionSet.LoadAsync(read, caller, regulationId, services.Clock.Today(), cancellationToken);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        if (versions.Number(number) is not { } version)
        {
            return NoVersion(regulationId, number);
        }

        var articles = InReadingOrder(await ProvisionsAsync(read, caller, version.Id, cancellationToken))
            .Where(r => r.Kind == AknIds.Article).ToList();
        var tasks = new Tasks.TaskListSql { RegulationId = regulationId };
        var parameters = tasks.Parameters(caller, services.Clock.Today());
        parameters.Add("VersionIds", SqlDialect.JsonList([version.Id]));
        var cited = (await connection.QueryAsync<CitedProvision>(new CommandDefinition(
            ArticleCoverage.CitedProvisions(services.Db.Dialect, tasks), parameters, cancellationToken: cancellationToken))).AsList();
        var uncited = articles
            .Where(a => !ArticleCoverage.IsCited(version.Id, a.AknId, cited))
            .Select(a => new UncitedArticleDto(a.AknId, a.Num, a.HeadingVi, a.HeadingEn))
            .ToList();
        return TypedResults.Ok(new CoverageDto(regulationId, number, articles.Count, articles.Count - uncited.Count, uncited));
    }

    private static async Task<List<TextRow>> ProvisionsAsync(ReadScope read, Caller caller, int versionId, CancellationToken cancellationToken) =>
        (await read.Connection.QueryAsync<TextRow>(new CommandDefinition(
            RegulationTextSql.Provisions, CallerParameters.For(caller, new { VersionId = versionId }), read.Transaction, cancellationToken: cancellationToken))).AsList();

    private static async Task<RegulationTextDto> TextOfAsync(
        ReadScope read, Caller caller, VersionSet versions, VersionRow version, string lang, CancellationToken cancellationToken)
    {
        var rows = await ProvisionsAsync(read, caller, version.Id, cancellationToken);
        var provisions = rows.Select(r => r.ToProvisionRow()).Select(r => lang switch
        {
            "vi" => r with { HeadingEn = null, TextEn = null },
            "en" => r with { HeadingVi = null, TextVi = null },
            _ => r,
        }).ToList();
        return new RegulationTextDto(version.RegulationId, versions.ToDto(version), lang, ProvisionTree.Build(provisions));
    }

    /// <summary>Depth first, each level by position: the order in which the text reads.</summary>
    private static List<TextRow> InReadingOrder(List<TextRow> rows)
    {
        var byParent = rows.ToLookup(r => r.ParentAknId ?? "");
        var ordered = new List<TextRow>(rows.Count);
        void Visit(string parent)
        {
            foreach (var row in byParent[parent].OrderBy(r => r.Ordinal))
            {
                ordered.Add(row);
                Visit(row.AknId);
            }
        }

        Visit("");
        return ordered;
    }

    private static ProvisionDetailDto DetailOf(VersionRow version, List<TextRow> rows, TextRow row, List<CitingTaskDto> citedBy)
    {
        var subtree = rows.Where(r => r.AknId.StartsWith(row.AknId + "__", StringComparison.Ordinal))
            .Select(r => r.ToProvisionRow() with { ParentAknId = r.ParentAknId == row.AknId ? null : r.ParentAknId })
            .ToList();
        return new ProvisionDetailDto(
            version.RegulationId, version.Number, row.AknId, row.ParentAknId, row.Kind, row.Num, row.Ordinal,
            row.HeadingVi, row.HeadingEn, row.TextVi, row.TextEn, row.IsSummary, ProvisionTree.Build(subtree), citedBy);
    }
}
