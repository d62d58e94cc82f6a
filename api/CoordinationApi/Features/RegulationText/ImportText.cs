using System.Globalization;
using System.Security.Cryptography;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Regulations;
using CoordinationApi.Features.Search;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CoordinationApi.Features.RegulationText;

/// <summary>How to import a document.</summary>
/// <param name="Preview">True: only read the document and answer the tree it holds (200); nothing is written.</param>
/// <param name="Summary">True: mark every imported provision as a summary of the official wording rather than the wording itself
/// (an Akoma Ntoso document says so per provision with <c>class="summary"</c>).</param>
/// <param name="Note">The new draft's note (default: what it was imported from).</param>
/// <param name="Lang">vi (default): the text, into a new draft. en: a Word document of the English rendering, into the existing draft, whose chapters, articles, clauses and points it must match one for one.</param>
public sealed record ImportTextQuery(
    [property: FromQuery(Name = "preview")] bool? Preview,
    [property: FromQuery(Name = "summary")] bool? Summary,
    [property: FromQuery(Name = "note")] string? Note,
    [Vocabulary(typeof(ContentLanguages), nameof(ContentLanguages.All))] [property: FromQuery(Name = "lang")] string? Lang);

internal sealed class ImportTextQueryValidator : AbstractValidator<ImportTextQuery>
{
    public ImportTextQueryValidator()
    {
        RuleFor(q => q.Note).MaximumLength(1000);
        RuleFor(q => q.Lang).MaximumLength(Bounds.Code).Must(l => l is null || TextImportEndpoints.Languages.Contains(l)).WithMessage("The language is vi (the text, into a new draft) or en (its English rendering, into the draft).");
    }
}

/// <summary>The tree an imported document holds, before it becomes a draft (for an English rendering: the draft's tree with it).</summary>
/// <param name="RegulationId">The regulation.</param>
/// <param name="Format">docx or akn: how the document was read.</param>
/// <param name="Provisions">How many provisions (chapters, articles, clauses, points) it holds.</param>
/// <param name="Chapters">The top of the tree, as the draft would hold it (ids derived from the numbers).</param>
/// <param name="Skipped">Paragraphs before the first chapter or article (header, title, preamble), which are not imported.</param>
public sealed record ImportPreviewDto(
    int RegulationId, [Vocabulary(typeof(TextImportEndpoints), nameof(TextImportEndpoints.Formats))] string Format, int Provisions,
    List<ProvisionDto> Chapters, List<SkippedParagraphDto> Skipped);

/// <summary>A paragraph of a Word document that is not imported.</summary>
/// <param name="Index">Its place among the document's paragraphs, from 1.</param>
/// <param name="Text">The start of its text.</param>
public sealed record SkippedParagraphDto(int Index, string Text);

/// <summary>The text of a version as Akoma Ntoso XML, and the import of a Word or Akoma Ntoso document into a new draft.</summary>
public static class TextImportEndpoints
{
    /// <summary>The most bytes an imported document may have.</summary>
    public const int MaxImportBytes = 1_000_000;

    public static readonly string[] Formats = ["docx", "akn"];

    /// <summary>The languages it comes in (<see cref="ContentLanguages"/>).</summary>
    public static readonly string[] Languages = ContentLanguages.All;

    public static RouteGroupBuilder MapTextImport(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/regulations/{regulationId:int}").WithTags("Regulation text").RequireAccess(Access.RegulationsRead);
        read.MapGet("/versions/{number:int}/akn", ExportVersionAkn).WithName(nameof(ExportVersionAkn)).ReturnsNoClassifiedData()
            .Produces<string>(StatusCodes.Status200OK, AknXml.MediaType).ProducesProblem(StatusCodes.Status404NotFound);

        var write = api.MapGroup("/regulations/{regulationId:int}").WithTags("Regulation text").RequireAccess(Access.RegulationsWrite);
        write.MapPost("/versions/import", ImportVersion).WithName(nameof(ImportVersion)).WithMetadata(Idempotency.Honoured)
            .WithMetadata(new RawRequestBodyMetadata(
                $"The document, as the raw body: a Word document (.docx) of the text in the standard structure, or an Akoma Ntoso act; at most {MaxImportBytes:N0} bytes.",
                MaxImportBytes, [DocxText.MediaType, AknXml.MediaType]))
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return read;
    }

    /// <summary>
    /// The text of one version (a draft included) as an Akoma Ntoso 3.0 act: chapters, articles, clauses (<c>paragraph</c>)
    /// and points with their AKN ids as <c>eId</c>, <c>num</c>, <c>heading</c> and text, each language marked with
    /// <c>xml:lang</c>. Imported back (POST …/versions/import), it gives the same tree.
    /// </summary>
    /// <param name="regulationId">Regulation id.</param>
    /// <param name="number">Version number.</param>
    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ExportVersionAkn(
        int regulationId, int number, [AsParameters] TextQuery query, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        var text = await RegulationTextEndpoints.VersionTextAsync(regulationId, number, query.Lang ?? "both", caller, services, cancellationToken);
        if (text.Problem is { } problem)
        {
            return problem;
        }

        return TypedResults.File(AknXml.Write(text.Text!), $"{AknXml.MediaType}; charset=utf-8",
            string.Create(CultureInfo.InvariantCulture, $"regulation-{regulationId}-v{number}.akn.xml"));
    }

    /// <summary>
    /// Imports a regulation's text from a document into a NEW draft version (number N + 1, based on the latest published
    /// version), which the coordinator then reviews, edits and publishes. The body is the document itself, with its
    /// Content-Type: a Word document (.docx) in the standard structure of a Vietnamese legal text (<c>Chương I</c> and
    /// the chapter's title, <c>Điều 1.</c> and the article's heading, clauses <c>1.</c>, points <c>a)</c>; paragraphs
    /// before the first chapter or article are skipped) or an Akoma Ntoso act (as exported by …/versions/{number}/akn).
    /// With <c>preview=true</c> the tree is answered and nothing is written. A paragraph or element that cannot be
    /// placed is a 400 whose <c>errors</c> name it (<c>paragraphs[12]</c>, <c>elements[7]</c>) with the start of its
    /// text; then nothing is written. Only one draft exists at a time (409). With <c>lang=en</c> a Word document of the
    /// English rendering (<c>Chapter I</c>, <c>Article 1.</c>, <c>1.</c>, <c>a)</c>) fills the English headings and texts of the
    /// existing draft (200 with the draft's tree in both languages; 409 without a draft): it must hold the draft's chapters,
    /// articles, clauses and points in the same order, else a 400 names its first paragraph that does not match.
    /// An <c>Idempotency-Key</c> makes the import of a new draft safe to retry: the same key with the same document and query
    /// answers the first 201 again and creates nothing; with another document or query it is a 422. A preview and an English
    /// rendering create nothing and ignore the key.
    /// </summary>
    /// <param name="regulationId">Regulation id.</param>
    public static async Task<Results<Created<RegulationTextDto>, Ok<ImportPreviewDto>, ValidationProblem, ProblemHttpResult>> ImportVersion(
        int regulationId, [AsParameters] ImportTextQuery query, Caller caller, [AsParameters] RegulationTextServices services,
        CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        var request = services.Http.Request;
        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType.Value : null;
        string? format = mediaType switch
        {
            _ when string.Equals(mediaType, DocxText.MediaType, StringComparison.OrdinalIgnoreCase) => "docx",
            _ when string.Equals(mediaType, AknXml.MediaType, StringComparison.OrdinalIgnoreCase) => "akn",
            _ => null,
        };
        if (format is null)
        {
            return TypedResults.Problem(
                $"Send the document as the body with Content-Type {DocxText.MediaType} (Word) or {AknXml.MediaType} (Akoma Ntoso); nothing was saved.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The body must be a Word document or an Akoma Ntoso act.");
        }

        var bytes = await ReadBoundedAsync(request, cancellationToken);
        if (bytes is null)
        {
            return TypedResults.Problem($"A document has at most {MaxImportBytes:N0} bytes; nothing was saved.",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "The document is too large.");
        }

        if (query.Lang == "en")
        {
            if (format != "docx")
            {
                return Problems.Invalid("lang", "An Akoma Ntoso act carries both languages: lang=en takes a Word document of the English rendering.");
            }

            var english = DocxText.Read(bytes, english: true);
            if (english.Errors.Count > 0)
            {
                return TypedResults.ValidationProblem(english.Errors, title: "The document could not be imported.",
                    detail: "The errors name each paragraph that could not be placed; nothing was saved.");
            }

            var (tree, mismatch, englishProblem) = await RegulationTextEndpoints.ImportEnglishAsync(
                regulationId, english, query.Preview == true, caller, services, cancellationToken);
            return englishProblem is not null ? englishProblem
                : mismatch is not null ? mismatch
                : TypedResults.Ok(tree!);
        }

        var imported = format == "docx" ? DocxText.Read(bytes) : AknXml.Read(bytes);
        if (imported.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(imported.Errors, title: "The document could not be imported.",
                detail: "The errors name each paragraph (Word) or element (Akoma Ntoso) that could not be placed; nothing was saved.");
        }

        var summary = query.Summary == true;
        var rows = imported.Provisions.Select(p => p.ToRow() with { IsSummary = p.IsSummary || summary }).ToList();
        if (query.Preview == true)
        {
            await using var connection = await services.Db.OpenAsync(cancellationToken);
            if (await connection.ExecuteScalarAsync<int>(new CommandDefinition(RegulationTextSql.RegulationVisible,
                    CallerParameters.For(caller, new { RegulationId = regulationId }), cancellationToken: cancellationToken)) == 0)
            {
                return Problems.NotFound($"No regulation has the id {regulationId}.");
            }

            return TypedResults.Ok(new ImportPreviewDto(regulationId, format, rows.Count, ProvisionTree.Build(rows), imported.Skipped));
        }

        var note = query.Note ?? (format == "docx" ? "Imported from a Word document." : "Imported from an Akoma Ntoso document.");
        // The document enters the key's fingerprint by its hash, with the query that shapes the draft.
        var requestHash = Idempotency.HashOf(new
        {
            regulationId, format, query.Summary, query.Note, Lang = query.Lang ?? "vi", Document = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        });
        var (created, problem) = await RegulationTextEndpoints.CreateImportedDraftAsync(
            regulationId, note, rows, format, caller, services, idempotencyKey, requestHash, cancellationToken);
        return problem is not null ? problem : created!;
    }

    /// <summary>The body, or null when it is longer than <see cref="MaxImportBytes"/> (declared or as it streams).</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxImportBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxImportBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

public static partial class RegulationTextEndpoints
{
    /// <summary>The text of a version in the given languages, or the 404 to answer.</summary>
    internal static async Task<(RegulationTextDto? Text, ProblemHttpResult? Problem)> VersionTextAsync(
        int regulationId, int number, string lang, Caller caller, RegulationTextServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var read = new ReadScope(connection, services.Db.Dialect);
        var versions = await VersionSet.LoadAsync(read, caller, regulationId, services.Clock.Today(), cancellationToken);
        if (versions is null)
        {
            return (null, NoRegulation(regulationId));
        }

        return versions.Number(number) is { } version
            ? (await TextOfAsync(read, caller, versions, version, lang, cancellationToken), null)
            : (null, NoVersion(regulationId, number));
    }

    /// <summary>
    /// The English rendering read from a Word document, matched one for one with the draft's provisions in reading order
    /// (same kind, number and place): written into the draft's English headings and texts (unless a preview); answers the
    /// draft's tree with both languages.
    /// 404 when the caller is not a party, 409 without a draft, 400 naming the first paragraph that does not match.
    /// </summary>
    internal static async Task<(ImportPreviewDto? Tree, ValidationProblem? Mismatch, ProblemHttpResult? Problem)> ImportEnglishAsync(
        int regulationId, ImportedText english, bool preview, Caller caller, RegulationTextServices services, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var versions = await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None);
        if (versions is null)
        {
            return (null, null, NoRegulation(regulationId));
        }

        if (versions.Draft is not { } draft)
        {
            return (null, null, Problems.Conflict("There is no draft to add the English rendering to.",
                $"Import the Vietnamese text of regulation {regulationId} (or start an amendment) first; the English rendering goes into that draft."));
        }

        var rows = InReadingOrder(await ProvisionsAsync(write, caller, draft.Id, CancellationToken.None));
        var matched = new ImportedText();
        for (var i = 0; i < Math.Max(rows.Count, english.Provisions.Count); i++)
        {
            if (i >= english.Provisions.Count)
            {
                matched.Fail("document", $"The English rendering ends before {rows[i].Kind} {rows[i].Num} ('{rows[i].AknId}') of the draft.");
                break;
            }

            var provision = english.Provisions[i];
            if (i >= rows.Count || rows[i].AknId != provision.AknId || rows[i].Kind != provision.Kind)
            {
                matched.Fail(provision.Source, i >= rows.Count
                    ? $"{provision.Where}: the draft has nothing more; the English rendering must hold the draft's chapters, articles, clauses and points, no more."
                    : $"{provision.Where}: does not match the draft, which has {rows[i].Kind} {rows[i].Num} ('{rows[i].AknId}') here.");
                break;
            }

            // The English document's heading and text go into the English fields; the Vietnamese stay as the draft has them.
            matched.Provisions.Add(new ImportedProvision
            {
                Kind = rows[i].Kind, Num = rows[i].Num, AknId = rows[i].AknId, ParentAknId = rows[i].ParentAknId,
                HeadingVi = rows[i].HeadingVi, TextVi = rows[i].TextVi, HeadingEn = provision.HeadingVi, TextEn = provision.TextVi,
                IsSummary = rows[i].IsSummary, Source = provision.Source, Where = provision.Where,
            });
        }

        if (matched.Errors.Count == 0)
        {
            matched.Check();
        }

        if (matched.Errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(matched.Errors, title: "The English rendering does not match the draft.",
                detail: "The errors name the first paragraph that does not match the draft's structure; nothing was saved."), null);
        }

        var merged = matched.Provisions.Select(p => p.ToRow()).ToList();
        var tree = new ImportPreviewDto(regulationId, "docx", merged.Count, ProvisionTree.Build(merged), english.Skipped);
        if (preview)
        {
            return (tree, null, null);
        }

        var (connection, transaction) = write;
        await connection.ExecuteAsync(RegulationTextSql.TouchDraft, new { VersionId = draft.Id }, transaction);
        var ids = rows.ToDictionary(r => r.AknId, r => r.Id);
        await connection.ExecuteAsync(RegulationTextSql.SetEnglish, matched.Provisions.Select(p => new
        {
            Id = ids[p.AknId], p.HeadingEn, p.TextEn,
        }), transaction);
        await SearchIndex.ReindexProvisionsAsync(write, draft.Id, [.. ids.Values]);
        await write.AuditAsync(new AuditEvent("version.import", "regulation-version", EntityId(draft),
            Before: rows.Select(r => new { r.AknId, r.HeadingEn, r.TextEn }),
            After: new { Version = versions.ToDto(draft), Format = "docx", Lang = "en", Provisions = merged.Count }, RegulationId: regulationId));
        await write.CommitAsync();
        return (tree, null, null);
    }

    /// <summary>
    /// A new draft version holding <paramref name="rows"/> (in reading order) instead of a copy of the published text;
    /// 404 when the caller is not a party, 409 when a draft exists.
    /// </summary>
    internal static async Task<(Created<RegulationTextDto>? Created, ProblemHttpResult? Problem)> CreateImportedDraftAsync(
        int regulationId, string note, List<ProvisionRow> rows, string format, Caller caller, RegulationTextServices services,
        string? idempotencyKey, string requestHash, CancellationToken cancellationToken)
    {
        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        async Task<RegulationTextDto?> IfVisible(RegulationTextDto text) =>
            await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None) is null ? null : text;
        if (await write.ReplayAsync<RegulationTextDto>(services.Http, idempotencyKey, requestHash, IfVisible) is { } earlier)
        {
            return (earlier.Replay, earlier.Problem);
        }

        var versions = await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None);
        if (versions is null)
        {
            return (null, NoRegulation(regulationId));
        }

        if (versions.Draft is { } draft)
        {
            return (null, Problems.Conflict(
                "A draft version already exists.",
                $"Version {draft.Number} of regulation {regulationId} is a draft: publish it (or delete its text and edit it) before importing another.",
                new Dictionary<string, object?> { ["draftNumber"] = draft.Number }));
        }

        var number = versions.All.Count == 0 ? 1 : versions.All.Max(v => v.Number) + 1;
        var versionId = await connection.ExecuteScalarAsync<int>(RegulationTextSql.InsertDraftVersion(write.Dialect), new
        {
            RegulationId = regulationId, Number = number, BasedOnId = versions.LatestPublished?.Id, Note = note, Now = write.Now,
        }, transaction);
        var ordinals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var ordinal = ordinals[row.ParentAknId ?? ""] = ordinals.GetValueOrDefault(row.ParentAknId ?? "") + 1;
            await connection.ExecuteAsync(RegulationTextSql.InsertProvision(write.Dialect), new
            {
                VersionId = versionId, row.AknId, row.ParentAknId, row.Kind, Ordinal = ordinal, row.Num,
                row.HeadingVi, row.HeadingEn, row.TextVi, row.TextEn, row.IsSummary,
            }, transaction);
        }

        await SearchIndex.IndexMissingProvisionsAsync(write, versionId);
        versions = (await VersionSet.LoadAsync(write, caller, regulationId, write.Today, CancellationToken.None))!;
        var created = versions.Number(number)!;
        await write.AuditAsync(new AuditEvent("version.import", "regulation-version", EntityId(created),
            After: new { Version = versions.ToDto(created), Format = format, Provisions = rows.Count }, RegulationId: regulationId));
        var text = await TextOfAsync(write, caller, versions, created, "both", CancellationToken.None);
        var location = string.Create(CultureInfo.InvariantCulture, $"/api/v1/regulations/{regulationId}/versions/{number}");
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, text, IfVisible) is { } winner)
        {
            return (winner.Replay, winner.Problem);
        }

        await write.CommitAsync();
        return (TypedResults.Created(location, text), null);
    }
}
