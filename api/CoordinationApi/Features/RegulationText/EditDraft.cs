using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Search;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.RegulationText;

/// <summary>A new provision in a draft. Its AKN id is derived from the parent's and its number.</summary>
/// <param name="ParentAknId">The provision it goes in: a chapter for an article (or none, for a text without chapters), an article for a clause, a clause for a point; none for a chapter.</param>
/// <param name="Kind">chapter, article, clause or point.</param>
/// <param name="Num">Its number as printed: I or 1 (chapter), 1 or 4a (article, clause), a or đ (point).</param>
/// <param name="HeadingVi">Heading in Vietnamese; required for chapters and articles.</param>
/// <param name="HeadingEn">Heading in English.</param>
/// <param name="TextVi">Text in Vietnamese (authoritative); required for clauses and points.</param>
/// <param name="TextEn">Text in English.</param>
/// <param name="IsSummary">True when the text summarises rather than quotes the official wording.</param>
/// <param name="Position">Its place among its siblings, from 1 (default: last); those after it move down.</param>
public sealed record CreateProvisionRequest(
    string? ParentAknId, [Vocabulary(typeof(AknIds), nameof(AknIds.Kinds))] string Kind, string Num, string? HeadingVi, string? HeadingEn, string? TextVi, string? TextEn, bool IsSummary, int? Position);

/// <summary>New heading, text and place of a provision in a draft; send its ETag in <c>If-Match</c>. Its kind and number do not change (delete it and create another to renumber).</summary>
/// <param name="HeadingVi">Heading in Vietnamese; required for chapters and articles.</param>
/// <param name="HeadingEn">Heading in English.</param>
/// <param name="TextVi">Text in Vietnamese (authoritative); required for clauses and points.</param>
/// <param name="TextEn">Text in English.</param>
/// <param name="IsSummary">True when the text summarises rather than quotes the official wording.</param>
/// <param name="Position">Its new place among its siblings, from 1 (default: where it is).</param>
[RoundTrips(typeof(ProvisionDetailDto))]
public sealed record UpdateProvisionRequest(string? HeadingVi, string? HeadingEn, string? TextVi, string? TextEn, bool IsSummary, int? Position);

internal static class ProvisionRules
{
    public const int MaxHeading = 1000;
    public const int MaxText = 20000;
    public const int MaxPosition = 10_000;

    /// <summary>The provisions one version may hold: a long code has a few hundred articles with their clauses and points.</summary>
    public const int MaxProvisionsPerVersion = 2_000;

    /// <summary>The provisions one parent may hold (chapters at the top, articles in a chapter, clauses in an article, points in a clause).</summary>
    public const int MaxChildren = 200;

    /// <summary>Characters of text per language in one article with its clauses and points: what a comparison diffs as one piece.</summary>
    public const int MaxArticleText = 100_000;

    /// <summary>Characters of headings and texts per language in one version: bounds the text and comparison responses.</summary>
    public const int MaxVersionText = 1_000_000;

    public static bool NeedsHeading(string kind) => kind is AknIds.Chapter or AknIds.Article;

    /// <summary>The article a provision is, or is in; null for a chapter.</summary>
    public static string? ArticleOf(string aknId)
    {
        var segments = aknId.Split("__");
        var article = Array.FindIndex(segments, s => s.StartsWith("art_", StringComparison.Ordinal));
        return article < 0 ? null : string.Join("__", segments.Take(article + 1));
    }

    /// <summary>
    /// The field error when the draft's <paramref name="rows"/>, with <paramref name="changed"/> added or in place of the
    /// row of the same id, would hold more text than an article or a version may; null when it fits.
    /// </summary>
    public static ValidationProblem? TextBeyondBounds(List<TextRow> rows, TextRow changed)
    {
        var text = rows.Where(r => r.Id != changed.Id).Append(changed).ToList();
        var article = ArticleOf(changed.AknId);
        var inArticle = article is null ? [] : text.Where(r => ArticleOf(r.AknId) == article).ToList();
        foreach (var (field, heading, own) in new (string, Func<TextRow, string?>, Func<TextRow, string?>)[]
        {
            ("Vi", r => r.HeadingVi, r => r.TextVi), ("En", r => r.HeadingEn, r => r.TextEn),
        })
        {
            if (inArticle.Sum(r => (long)(own(r)?.Length ?? 0)) > MaxArticleText)
            {
                return Problems.Invalid($"text{field}",
                    $"Article '{article}' with its clauses and points would hold more than {MaxArticleText:N0} characters of text in this language; split it into articles.");
            }

            if (text.Sum(r => (long)(heading(r)?.Length ?? 0) + (own(r)?.Length ?? 0)) > MaxVersionText)
            {
                return Problems.Invalid(string.IsNullOrEmpty(own(changed)) ? $"heading{field}" : $"text{field}",
                    $"The version would hold more than {MaxVersionText:N0} characters of headings and text in this language.");
            }
        }

        return null;
    }
}

internal sealed class CreateProvisionRequestValidator : AbstractValidator<CreateProvisionRequest>
{
    public CreateProvisionRequestValidator()
    {
        RuleFor(r => r.ParentAknId).MaximumLength(Bounds.MaxRouteText);
        RuleFor(r => r.Kind).NotEmpty().MaximumLength(Bounds.Code).Must(AknIds.Kinds.Contains).WithMessage($"Kind must be one of: {string.Join(", ", AknIds.Kinds)}.");
        RuleFor(r => r.Num).NotEmpty().MaximumLength(16);
        RuleFor(r => r.Num).Must((r, num) => AknIds.IsValidNum(r.Kind, num)).When(r => AknIds.Kinds.Contains(r.Kind) && !string.IsNullOrEmpty(r.Num))
            .WithMessage(r => AknIds.NumRule(r.Kind));
        RuleFor(r => r.ParentAknId).Null().When(r => r.Kind == AknIds.Chapter).WithMessage("A chapter is at the top of the text.");
        RuleFor(r => r.ParentAknId).NotEmpty().When(r => AknIds.NeedsParent(r.Kind))
            .WithMessage(r => $"A {r.Kind} belongs to a {AknIds.ParentKind(r.Kind)}.");
        RuleFor(r => r.HeadingVi).MaximumLength(ProvisionRules.MaxHeading);
        RuleFor(r => r.HeadingVi).NotEmpty().When(r => ProvisionRules.NeedsHeading(r.Kind)).WithMessage("A chapter or an article needs a Vietnamese heading.");
        RuleFor(r => r.HeadingEn).MaximumLength(ProvisionRules.MaxHeading);
        RuleFor(r => r.TextVi).MaximumLength(ProvisionRules.MaxText);
        RuleFor(r => r.TextVi).NotEmpty().When(r => r.Kind is AknIds.Clause or AknIds.Point).WithMessage("A clause or a point needs a Vietnamese text.");
        RuleFor(r => r.TextEn).MaximumLength(ProvisionRules.MaxText);
        RuleFor(r => r.Position).InclusiveBetween(1, ProvisionRules.MaxPosition);
    }
}

internal sealed class UpdateProvisionRequestValidator : AbstractValidator<UpdateProvisionRequest>
{
    // Which of heading and text is required depends on the provision's kind, known once it is read.
    public UpdateProvisionRequestValidator()
    {
        RuleFor(r => r.HeadingVi).MaximumLength(ProvisionRules.MaxHeading);
        RuleFor(r => r.HeadingEn).MaximumLength(ProvisionRules.MaxHeading);
        RuleFor(r => r.TextVi).MaximumLength(ProvisionRules.MaxText);
        RuleFor(r => r.TextEn).MaximumLength(ProvisionRules.MaxText);
        RuleFor(r => r.Position).InclusiveBetween(1, ProvisionRules.MaxPosition);
    }
}

public static partial class RegulationTextEndpoints
{
    /// <summary>Adds a provision to a draft version, at a position among its siblings (default: last).</summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Number of the draft version.</param>
    public static async Task<Results<Created<ProvisionDetailDto>, ValidationProblem, ProblemHttpResult>> CreateProvision(
        int regulationId, int number, CreateProvisionRequest request, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(new { regulationId, number, request });
        // Replayed only while the provision it created is still there: once deleted, its Location would be a 404.
        async Task<ProvisionDetailDto?> IfVisible(ProvisionDetailDto provision) =>
            await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None) is { } versions
            && versions.Number(number) is { } version
            && (await ProvisionsAsync(write, caller, version.Id, CancellationToken.None)).Exists(r => r.AknId == provision.AknId)
                ? provision : null;
        if (await write.ReplayAsync<ProvisionDetailDto>(services.Http, idempotencyKey, requestHash, IfVisible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        var (version, rows, failure) = await OpenDraftAsync(write, caller, regulationId, number);
        if (failure is not null)
        {
            return failure;
        }

        var parent = request.ParentAknId is null ? null : rows.Find(r => r.AknId == request.ParentAknId);
        if (request.ParentAknId is not null && parent is null)
        {
            return Problems.Invalid("parentAknId", $"Version {number} has no provision '{request.ParentAknId}'.");
        }

        if (parent is not null && parent.Kind != AknIds.ParentKind(request.Kind))
        {
            return Problems.Invalid("parentAknId", $"A {request.Kind} cannot go in a {parent.Kind}; it belongs to a {AknIds.ParentKind(request.Kind) ?? "nothing"}.");
        }

        var aknId = AknIds.Derive(request.ParentAknId, request.Kind, request.Num);
        if (rows.Exists(r => r.AknId == aknId))
        {
            return Problems.Invalid("num", $"Version {number} already has '{aknId}'.");
        }

        if (rows.Count >= ProvisionRules.MaxProvisionsPerVersion)
        {
            return Problems.Conflict("The version is full.",
                $"Version {number} holds {rows.Count:N0} provisions, the most a version may hold is {ProvisionRules.MaxProvisionsPerVersion:N0}.");
        }

        var siblings = Siblings(rows, request.ParentAknId);
        if (siblings.Count >= ProvisionRules.MaxChildren)
        {
            return Problems.Invalid(request.ParentAknId is null ? "kind" : "parentAknId",
                $"'{request.ParentAknId ?? "The text"}' holds {siblings.Count} provisions, the most one may hold is {ProvisionRules.MaxChildren}.");
        }

        if (ProvisionRules.TextBeyondBounds(rows, new TextRow
        {
            Id = 0, AknId = aknId, ParentAknId = request.ParentAknId, Kind = request.Kind, Ordinal = 0, Num = request.Num,
            IsSummary = request.IsSummary, RowVersion = 0, HeadingVi = request.HeadingVi, HeadingEn = request.HeadingEn, TextVi = request.TextVi, TextEn = request.TextEn,
        }) is { } tooMuchText)
        {
            return tooMuchText;
        }

        var position = request.Position ?? siblings.Count + 1;
        if (position > siblings.Count + 1)
        {
            return Problems.Invalid("position", $"There are {siblings.Count} provisions at this place; the position can be 1 to {siblings.Count + 1}.");
        }

        if (!await TouchDraftAsync(write, version!))
        {
            return Published(version!);
        }

        await RenumberAsync(write, siblings, position - 1);
        var id = await connection.ExecuteScalarAsync<int>(RegulationTextSql.InsertProvision(write.Dialect), new
        {
            VersionId = version!.Id, AknId = aknId, request.ParentAknId, request.Kind, Ordinal = position, request.Num,
            request.HeadingVi, request.HeadingEn, request.TextVi, request.TextEn, request.IsSummary,
        }, transaction);
        await SearchIndex.IndexMissingProvisionsAsync(write, version.Id);

        rows = await ProvisionsAsync(write, caller, version.Id, CancellationToken.None);
        var row = rows.Find(r => r.Id == id)!;
        var created = DetailOf(version, rows, row, []);
        await write.AuditAsync(
            new AuditEvent("provision.create", "provision", EntityId(version, aknId), After: created, RegulationId: regulationId));
        var location = $"/api/v1/regulations/{regulationId}/versions/{number}/provisions/{aknId}";
        Concurrency.SetETag(services.Http, row.RowVersion);
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, created, IfVisible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, created);
    }

    /// <summary>Changes the heading, text or position of a provision in a draft version. Requires its ETag in <c>If-Match</c>.</summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Number of the draft version.</param>
    /// <param name="aknId">The provision's AKN id.</param>
    public static async Task<Results<Ok<ProvisionDetailDto>, ValidationProblem, ProblemHttpResult>> UpdateProvision(
        int regulationId, int number, string aknId, UpdateProvisionRequest request, Caller caller,
        [AsParameters] RegulationTextServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var (version, rows, failure) = await OpenDraftAsync(write, caller, regulationId, number);
        if (failure is not null)
        {
            return failure;
        }

        if (rows.Find(r => r.AknId == aknId) is not { } row)
        {
            return NoProvision(regulationId, number, aknId);
        }

        if (ProvisionRules.NeedsHeading(row.Kind) ? string.IsNullOrWhiteSpace(request.HeadingVi) : string.IsNullOrWhiteSpace(request.TextVi))
        {
            return ProvisionRules.NeedsHeading(row.Kind)
                ? Problems.Invalid("headingVi", "A chapter or an article needs a Vietnamese heading.")
                : Problems.Invalid("textVi", "A clause or a point needs a Vietnamese text.");
        }

        if (ProvisionRules.TextBeyondBounds(rows, row with
        {
            HeadingVi = request.HeadingVi, HeadingEn = request.HeadingEn, TextVi = request.TextVi, TextEn = request.TextEn,
        }) is { } tooMuchText)
        {
            return tooMuchText;
        }

        var siblings = Siblings(rows, row.ParentAknId);
        if (request.Position > siblings.Count)
        {
            return Problems.Invalid("position", $"There are {siblings.Count} provisions at this place; the position can be 1 to {siblings.Count}.");
        }

        if (!await TouchDraftAsync(write, version!))
        {
            return Published(version!);
        }

        if (!ifMatch.Matches(row.RowVersion))
        {
            return Concurrency.Stale();
        }

        if (await connection.ExecuteAsync(RegulationTextSql.UpdateProvision, new
        {
            row.Id, row.RowVersion, request.HeadingVi, request.HeadingEn, request.TextVi, request.TextEn, request.IsSummary,
        }, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        if (request.Position is { } position && position != row.Ordinal)
        {
            siblings.Remove(row);
            siblings.Insert(position - 1, row);
            await RenumberAsync(write, siblings);
        }

        await SearchIndex.ReindexProvisionsAsync(write, version!.Id, row.Id);
        var before = DetailOf(version, rows, row, []);
        rows = await ProvisionsAsync(write, caller, version.Id, CancellationToken.None);
        var updated = rows.Find(r => r.Id == row.Id)!;
        var after = DetailOf(version, rows, updated, []);
        if (NoChange.Between(before, after))
        {
            // A body that changes nothing writes nothing, nor touches the version (whose ETag a publisher holds): the scope is left uncommitted.
            Concurrency.SetETag(services.Http, row.RowVersion);
            return TypedResults.Ok(before);
        }

        await write.AuditAsync(
            new AuditEvent("provision.update", "provision", EntityId(version, aknId), before, after, RegulationId: regulationId));
        await write.CommitAsync();

        Concurrency.SetETag(services.Http, updated.RowVersion);
        return TypedResults.Ok(after);
    }

    /// <summary>Deletes a provision, and the provisions under it, from a draft version. Requires its ETag in <c>If-Match</c>.</summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Number of the draft version.</param>
    /// <param name="aknId">The provision's AKN id.</param>
    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteProvision(
        int regulationId, int number, string aknId, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition!;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (version, rows, failure) = await OpenDraftAsync(write, caller, regulationId, number);
        if (failure is not null)
        {
            return failure;
        }

        if (rows.Find(r => r.AknId == aknId) is not { } row)
        {
            return NoProvision(regulationId, number, aknId);
        }

        if (!ifMatch.Matches(row.RowVersion))
        {
            return Concurrency.Stale();
        }

        if (!await TouchDraftAsync(write, version!))
        {
            return Published(version!);
        }

        var removed = rows.Where(r => r.Id == row.Id || r.AknId.StartsWith(aknId + "__", StringComparison.Ordinal)).Select(r => r.Id).ToList();
        await SearchIndex.RemoveProvisionsAsync(write, removed);
        await write.Connection.ExecuteAsync(RegulationTextSql.DeleteProvisions(write.Dialect), new { Ids = SqlDialect.JsonList(removed) }, write.Transaction);
        var siblings = Siblings(rows, row.ParentAknId);
        siblings.Remove(row);
        await RenumberAsync(write, siblings);
        await write.AuditAsync(new AuditEvent(
            "provision.delete", "provision", EntityId(version!, aknId), Before: DetailOf(version!, rows, row, []), RegulationId: regulationId));
        await write.CommitAsync();
        return TypedResults.NoContent();
    }

    /// <summary>The draft to edit and its provisions, or the problem to answer: 404 (no such regulation or version) or 409 (published).</summary>
    private static async Task<(VersionRow? Version, List<TextRow> Rows, ProblemHttpResult? Failure)> OpenDraftAsync(
        WriteScope write, Caller caller, int regulationId, int number)
    {
        var versions = await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None);
        if (versions is null)
        {
            return (null, [], NoRegulation(regulationId));
        }

        if (versions.Number(number) is not { } version)
        {
            return (null, [], NoVersion(regulationId, number));
        }

        return version.IsDraft
            ? (version, await ProvisionsAsync(write, caller, version.Id, CancellationToken.None), null)
            : (version, [], Published(version));
    }

    private static async Task<bool> TouchDraftAsync(WriteScope write, VersionRow version) =>
        await write.Connection.ExecuteAsync(RegulationTextSql.TouchDraft, new { VersionId = version.Id }, write.Transaction) == 1;

    private static List<TextRow> Siblings(List<TextRow> rows, string? parentAknId) =>
        [.. rows.Where(r => r.ParentAknId == parentAknId).OrderBy(r => r.Ordinal).ThenBy(r => r.Id)];

    /// <summary>Gives <paramref name="siblings"/> the positions 1, 2, … in list order, leaving a gap at <paramref name="gapAt"/> (0-based) for a new one.</summary>
    private static async Task RenumberAsync(WriteScope write, List<TextRow> siblings, int gapAt = int.MaxValue)
    {
        for (var i = 0; i < siblings.Count; i++)
        {
            var ordinal = i + 1 + (i >= gapAt ? 1 : 0);
            if (siblings[i].Ordinal != ordinal)
            {
                await write.Connection.ExecuteAsync(RegulationTextSql.SetOrdinal, new { siblings[i].Id, Ordinal = ordinal }, write.Transaction);
            }
        }
    }
}
