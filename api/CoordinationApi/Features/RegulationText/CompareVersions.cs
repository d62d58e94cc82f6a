using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CoordinationApi.Features.RegulationText;

/// <summary>The two versions to compare.</summary>
/// <param name="From">Number of the earlier version.</param>
/// <param name="To">Number of the later version.</param>
public sealed record CompareQuery([property: FromQuery(Name = "from")] int? From, [property: FromQuery(Name = "to")] int? To);

internal sealed class CompareQueryValidator : AbstractValidator<CompareQuery>
{
    public CompareQueryValidator()
    {
        RuleFor(q => q.From).NotNull().IsId();
        RuleFor(q => q.To).NotNull().IsId();
    }
}

public static partial class RegulationTextEndpoints
{
    /// <summary>
    /// Compares two versions article by article: the articles added, removed or changed (heading or text, in Vietnamese
    /// or English, the article's clauses and points included), each with a word diff. Unchanged articles are left out.
    /// </summary>
    /// <param name="regulationId">Regulation id.</param>
    public static async Task<Results<Ok<VersionComparisonDto>, ProblemHttpResult>> CompareVersions(
        int regulationId, [AsParameters] CompareQuery query, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var read = new ReadScope(connection, services.Db.Dialect);
        var versions = await VersionSet.LoadAsync(read, caller, regulationId, services.Clock.Today(), cancellationToken);
        if (versions is null)
        {
            return NoRegulation(regulationId);
        }

        if (versions.Number(query.From!.Value) is not { } from)
        {
            return NoVersion(regulationId, query.From.Value);
        }

        if (versions.Number(query.To!.Value) is not { } to)
        {
            return NoVersion(regulationId, query.To.Value);
        }

        var before = Articles(InReadingOrder(await ProvisionsAsync(read, caller, from.Id, cancellationToken)));
        var after = Articles(InReadingOrder(await ProvisionsAsync(read, caller, to.Id, cancellationToken)));
        return TypedResults.Ok(new VersionComparisonDto(regulationId, versions.ToDto(from), versions.ToDto(to), Changes(before, after, new WordDiff.Budget(WordDiff.MaxTokensPerComparison))));
    }

    private static List<ArticleChangeDto> Changes(List<ComparedArticle> before, List<ComparedArticle> after, WordDiff.Budget budget)
    {
        var old = before.ToDictionary(a => a.Row.AknId);
        var changes = new List<ArticleChangeDto>();
        // Removed articles are listed where they stood: after the article that preceded them in the old text.
        var removedAfter = before.Where(a => !after.Any(n => n.Row.AknId == a.Row.AknId))
            .ToLookup(a => before.Take(before.IndexOf(a)).LastOrDefault(p => after.Any(n => n.Row.AknId == p.Row.AknId))?.Row.AknId ?? "");
        changes.AddRange(removedAfter[""].Select(r => Compare(r, null, budget)));
        foreach (var article in after)
        {
            var change = Compare(old.GetValueOrDefault(article.Row.AknId), article, budget);
            if (change.Change != ArticleChanges.Unchanged)
            {
                changes.Add(change);
            }

            changes.AddRange(removedAfter[article.Row.AknId].Select(r => Compare(r, null, budget)));
        }

        return changes;
    }

    private static ArticleChangeDto Compare(ComparedArticle? before, ComparedArticle? after, WordDiff.Budget budget)
    {
        var shown = (after ?? before)!.Row;
        var headingChanged = before?.Row.HeadingVi != after?.Row.HeadingVi || before?.Row.HeadingEn != after?.Row.HeadingEn;
        var textChanged = before?.TextVi != after?.TextVi || before?.TextEn != after?.TextEn;
        var change = (before, after) switch
        {
            (null, _) => ArticleChanges.Added,
            (_, null) => ArticleChanges.Removed,
            _ => headingChanged || textChanged ? ArticleChanges.Changed : ArticleChanges.Unchanged,
        };
        return new ArticleChangeDto(
            shown.AknId, shown.Num, change, shown.HeadingVi, shown.HeadingEn, headingChanged, textChanged,
            WordDiff.Diff(before?.Row.HeadingVi, after?.Row.HeadingVi, budget), WordDiff.Diff(before?.Row.HeadingEn, after?.Row.HeadingEn, budget),
            WordDiff.Diff(before?.TextVi, after?.TextVi, budget), WordDiff.Diff(before?.TextEn, after?.TextEn, budget));
    }

    /// <summary>Each article with its full text: its own, then each clause and point on a line of its own, numbered.</summary>
    private static List<ComparedArticle> Articles(List<TextRow> ordered) =>
        [.. ordered.Where(r => r.Kind == AknIds.Article).Select(article =>
        {
            var parts = ordered.Where(r => r.AknId.StartsWith(article.AknId + "__", StringComparison.Ordinal)).Prepend(article).ToList();
            string? Text(Func<TextRow, string?> text) => string.Join('\n', parts
                .Where(p => !string.IsNullOrWhiteSpace(text(p)))
                .Select(p => p == article ? text(p) : $"{p.Num}{(p.Kind == AknIds.Point ? ")" : ".")} {text(p)}"));
            return new ComparedArticle(article, Text(p => p.TextVi), Text(p => p.TextEn));
        })];

    private sealed record ComparedArticle(TextRow Row, string? TextVi, string? TextEn);
}
