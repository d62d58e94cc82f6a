using System.Globalization;
using System.Text;
using CoordinationApi.Features.Audit;
using CoordinationApi.Features.Reviews;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace CoordinationApi.Features.Evidence;

/// <summary>An evidence file kept with a progress report or a review's minutes.</summary>
/// <param name="Id">Evidence id (its content: <c>GET /api/v1/evidence/{id}/content</c>).</param>
/// <param name="FileName">The file's name, as uploaded.</param>
/// <param name="MediaType">Its media type (checked against its bytes on upload).</param>
/// <param name="SizeBytes">Its size in bytes.</param>
/// <param name="Sha256">Its SHA-256, 64 lower-case hex digits (the download's <c>Repr-Digest</c> carries the same, base64).</param>
/// <param name="UploadedAt">When it was uploaded.</param>
/// <param name="UploadedBy">Who uploaded it: a username or an agency system's name.</param>
/// <param name="UploadedByKind">user (a person), client (an agency system) or system.</param>
/// <param name="Classification">Inherited: the report's classification (a review's minutes: unclassified).</param>
public sealed record EvidenceDto(
    int Id, string FileName, string MediaType, long SizeBytes, string Sha256, DateTimeOffset UploadedAt, string UploadedBy,
    [Vocabulary(typeof(AuthorKinds))] string UploadedByKind, [Vocabulary(typeof(ClearanceNames))] string Classification) : IClassifiedRecord
{
    /// <summary>The task (or review) it is evidence of, at the file's classification, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>The name of an uploaded file.</summary>
/// <param name="FileName">The file's name with its extension (which must be one of the accepted kinds'); at most 255 characters, no folder.</param>
public sealed record EvidenceUploadQuery([property: FromQuery(Name = "fileName")] string? FileName);

internal sealed class EvidenceUploadQueryValidator : AbstractValidator<EvidenceUploadQuery>
{
    public const int MaxFileName = 255;

    public EvidenceUploadQueryValidator()
    {
        RuleFor(q => q.FileName).NotEmpty().MaximumLength(MaxFileName)
            .Must(n => n!.IndexOfAny(['/', '\\', ':', '"', '*', '?', '<', '>', '|']) < 0 && n.Trim() == n && n.Trim('.').Length > 0)
            .WithMessage("Give the file's own name, without a folder, quotes or the characters : * ? < > |, and without leading or trailing spaces.")
            .Must(n => !n!.EnumerateRunes().Any(r => Rune.IsControl(r) || Rune.GetUnicodeCategory(r) == UnicodeCategory.Format))
            .WithMessage("The name may not hold control or invisible format characters (such as a right-to-left override or a zero-width space).")
            .Must(n => Path.GetFileNameWithoutExtension(n!).Trim('.', ' ').Length > 0)
            .WithMessage("The name needs a stem before its extension (\".pdf\" alone is no name).")
            .Must(n => !IsDeviceName(n!))
            .WithMessage("The name may not be a Windows device name (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9), with any extension.")
            .Must(n => EvidenceTypes.ByExtension(n!) is not null)
            .WithMessage($"The name must end with one of: {EvidenceTypes.ExtensionList}.");
    }

    /// <summary>Whether Windows takes the name for a device: its part before the first dot (trailing spaces dropped) is one.</summary>
    public static bool IsDeviceName(string fileName)
    {
        var stem = fileName.Split('.')[0].TrimEnd(' ').ToUpperInvariant();
        return stem is "CON" or "PRN" or "AUX" or "NUL" or "CONIN$" or "CONOUT$"
            || (stem.Length == 4 && (stem.StartsWith("COM", StringComparison.Ordinal) || stem.StartsWith("LPT", StringComparison.Ordinal))
                && stem[3] is (>= '1' and <= '9') or '¹' or '²' or '³');
    }
}

/// <summary>Paging of a list of evidence files.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record EvidenceListQuery([property: FromQuery(Name = "cursor")] string? Cursor, [property: FromQuery(Name = "limit")] int? Limit) : IPageQuery;

internal sealed class EvidenceListQueryValidator : AbstractValidator<EvidenceListQuery>
{
    public EvidenceListQueryValidator(Cursors cursors) => Include(new PageRules<EvidenceListQuery>(cursors, EvidenceEndpoints.ListName, Cursors.IsId));
}

/// <summary>What the evidence handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record EvidenceServices(
    DbConnectionFactory Db, WriteScopes Writes, ReferenceData Reference, Cursors Cursors, EvidenceStore Store, HttpContext Http);

/// <summary>
/// Evidence files on progress reports and on a review's minutes: uploaded as the raw body (streamed to the folder while
/// hashed and sniffed), listed with their SHA-256, downloaded streamed, every download audited.
/// </summary>
public static class EvidenceEndpoints
{
    internal const string ListName = "evidence";

    /// <summary>The response header with the file's SHA-256 (RFC 9530).</summary>
    public const string ReprDigest = "Repr-Digest";

    public static RouteGroupBuilder MapEvidence(this RouteGroupBuilder api, long maxBytes)
    {
        var body = new RawRequestBodyMetadata(
            $"The file itself, as the raw body, with its Content-Type (one of the accepted kinds, matching the name's extension); at most {maxBytes:N0} bytes "
            + "(Evidence:MaxBytes). Its first bytes must be what the name and type say.", maxBytes, EvidenceTypes.MediaTypes);
        var limit = new EvidenceBodyLimit(maxBytes);

        var readTasks = api.MapGroup("/tasks").WithTags("Evidence").RequireAccess(Access.TasksRead);
        readTasks.MapGet("/{id:int}/reports/{reportId:int}/evidence", ListReportEvidence).WithName(nameof(ListReportEvidence))
            .ProducesProblem(StatusCodes.Status404NotFound);
        var writeTasks = api.MapGroup("/tasks").WithTags("Evidence").RequireAccess(Access.TasksWrite);
        writeTasks.MapPost("/{id:int}/reports/{reportId:int}/evidence", UploadReportEvidence).WithName(nameof(UploadReportEvidence))
            .WithMetadata(Idempotency.Honoured).WithMetadata(body).WithMetadata(limit)
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var readReviews = api.MapGroup("/reviews").WithTags("Evidence").RequireAccess(Access.ReviewsRead);
        readReviews.MapGet("/{id:int}/minutes/evidence", ListMinutesEvidence).WithName(nameof(ListMinutesEvidence)).ReturnsNoClassifiedData()
            .ProducesProblem(StatusCodes.Status404NotFound);
        var writeReviews = api.MapGroup("/reviews").WithTags("Evidence").RequireAccess(Access.ReviewMinutes);
        writeReviews.MapPost("/{id:int}/minutes/evidence", UploadMinutesEvidence).WithName(nameof(UploadMinutesEvidence))
            .WithMetadata(Idempotency.Honoured).WithMetadata(body).WithMetadata(limit)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        var download = api.MapGroup("/evidence").WithTags("Evidence").RequireAccess(Access.Authenticated);
        var content = download.MapGet("/{evidenceId:int}/content", GetEvidenceContent).WithName(nameof(GetEvidenceContent))
            .Produces(StatusCodes.Status200OK, contentType: EvidenceTypes.MediaTypes[0], additionalContentTypes: [.. EvidenceTypes.MediaTypes.Skip(1)])
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var type in EvidenceTypes.All)
        {
            content.WithMetadata(new FileContentMetadata(type.MediaType,
                $"The file, streamed, with its media type, Content-Disposition (its name) and {ReprDigest} (its SHA-256)."));
        }

        return api;
    }

    /// <summary>
    /// The evidence files of a progress report, oldest first (paged). A report the caller sees redacted (written while its
    /// task was classified above their clearance) has no files for them: its files carry its classification.
    /// </summary>
    /// <param name="id">Task id.</param>
    /// <param name="reportId">Report id.</param>
    public static async Task<Results<Ok<Page<EvidenceDto>>, ProblemHttpResult>> ListReportEvidence(
        int id, int reportId, [AsParameters] EvidenceListQuery query, Caller caller, [AsParameters] EvidenceServices services,
        CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        if (await ReportExistsAsync(connection, caller, id, reportId, cancellationToken) is { } missing)
        {
            return missing;
        }

        return TypedResults.Ok(await PageAsync(connection, EvidenceSql.OfReport(services.Db.Dialect), new { ReportId = reportId }, query, caller, services, cancellationToken));
    }

    /// <summary>The evidence files of a review's minutes (unclassified, like the minutes), oldest first (paged).</summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Ok<Page<EvidenceDto>>, ProblemHttpResult>> ListMinutesEvidence(
        int id, [AsParameters] EvidenceListQuery query, Caller caller, [AsParameters] EvidenceServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        if (await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(
                ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken)) is null)
        {
            return ReviewsEndpoints.NoSuchReview(id);
        }

        return TypedResults.Ok(await PageAsync(connection, EvidenceSql.OfReview(services.Db.Dialect), new { ReviewId = id }, query, caller, services, cancellationToken));
    }

    /// <summary>
    /// Uploads an evidence file to a progress report: the body is the file itself, with its Content-Type, and its name is
    /// <c>fileName</c>. Whoever may report progress on the task (officers of its lead or a counterpart unit, coordinators,
    /// agency systems with <c>tasks:write</c>) and may read the report. The file is streamed to the evidence folder while its
    /// SHA-256 is computed; its first bytes must be what its name and type say (a renamed executable is a 415), and a
    /// refused upload leaves no file and no record. It inherits the report's classification. Accepts an <c>Idempotency-Key</c>
    /// (the same key with the same name, type and bytes answers the first 201 again).
    /// </summary>
    /// <param name="id">Task id.</param>
    /// <param name="reportId">Report id.</param>
    public static async Task<Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult>> UploadReportEvidence(
        int id, int reportId, [AsParameters] EvidenceUploadQuery query, Caller caller, [AsParameters] EvidenceServices services,
        CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        if (DeclaredType(services.Http.Request, query.FileName!) is { } refused)
        {
            return refused.Problem is { } p ? p : refused.Invalid!;
        }

        var type = EvidenceTypes.ByExtension(query.FileName!)!;
        await using (var connection = await services.Db.OpenAsync(cancellationToken))
        {
            // Checked before the body is read: nobody streams a file to a report they may not add to.
            if (await MayAddToReportAsync(connection, null, caller, id, reportId, services.Reference) is { } denied)
            {
                return denied;
            }
        }

        return await StoreAsync(services, caller, query.FileName!, type, idempotencyKey, $"/api/v1/tasks/{id}/reports/{reportId}/evidence", async write =>
        {
            if (await MayAddToReportAsync(write.Connection, write.Transaction, caller, id, reportId, services.Reference) is { } gone)
            {
                return (null, gone);
            }

            var parent = await write.Connection.QuerySingleAsync<ReportParent>(
                EvidenceSql.Report, CallerParameters.For(caller, new { Id = id, ReportId = reportId }), write.Transaction);
            return (new Parent(reportId, null, id, parent.RegulationId, parent.Classification), null);
        }, cancellationToken);
    }

    /// <summary>
    /// Uploads an evidence file to a review's minutes (the signed minutes, an attendance sheet…), as
    /// <c>POST …/reports/{reportId}/evidence</c> does to a report. Coordinators and admins of the regulation's parties (and agency
    /// systems with <c>reviews:write</c>), once the review's meeting is scheduled (409 before, or when cancelled). Unclassified.
    /// </summary>
    /// <param name="id">Review id.</param>
    public static async Task<Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult>> UploadMinutesEvidence(
        int id, [AsParameters] EvidenceUploadQuery query, Caller caller, [AsParameters] EvidenceServices services, CancellationToken cancellationToken)
    {
        if (Idempotency.TryReadKey(services.Http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        if (DeclaredType(services.Http.Request, query.FileName!) is { } refused)
        {
            return refused.Problem is { } p ? p : refused.Invalid!;
        }

        var type = EvidenceTypes.ByExtension(query.FileName!)!;
        await using (var connection = await services.Db.OpenAsync(cancellationToken))
        {
            if ((await ReviewForMinutesAsync(connection, null, caller, id)).Problem is { } denied)
            {
                return denied;
            }
        }

        return await StoreAsync(services, caller, query.FileName!, type, idempotencyKey, $"/api/v1/reviews/{id}/minutes/evidence", async write =>
        {
            var (review, problem) = await ReviewForMinutesAsync(write.Connection, write.Transaction, caller, id);
            return problem is not null ? (null, problem) : (new Parent(null, id, null, review!.RegulationId, (int)Clearance.Unclassified), null);
        }, cancellationToken);
    }

    /// <summary>
    /// Downloads an evidence file, streamed, with its media type, <c>Content-Disposition: attachment</c> (its name) and
    /// <c>Repr-Digest: sha-256=:…:</c> (RFC 9530). Whoever may read the report (its task, within the report's
    /// classification) or the review; anyone else, or a file above their clearance, gets a 404. Every download is audited
    /// (<c>evidence.read</c>, classified as the file); a HEAD is not.
    /// </summary>
    /// <param name="evidenceId">Evidence id.</param>
    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetEvidenceContent(
        int evidenceId, Caller caller, [AsParameters] EvidenceServices services, CancellationToken cancellationToken)
    {
        EvidenceRow? row;
        await using (var connection = await services.Db.OpenAsync(cancellationToken))
        {
            row = await connection.QuerySingleOrDefaultAsync<EvidenceRow>(new CommandDefinition(EvidenceSql.One, CallerParameters.For(caller, new
            {
                Id = evidenceId,
                ReadsTasks = caller.Kind != CallerKind.Client || caller.HasScope(Scopes.TasksRead) ? 1 : 0,
                ReadsReviews = caller.Kind != CallerKind.Client || caller.HasScope(Scopes.ReviewsRead) ? 1 : 0,
            }), cancellationToken: cancellationToken));
        }

        if (row is null || services.Store.Find(row.StorageKey) is not { } stored)
        {
            return Problems.NotFound($"No evidence file with the id {evidenceId} exists for you.");
        }

        if (!HeadRequests.IsHead(services.Http))
        {
            await using var write = await services.Writes.BeginAsync(caller, CancellationToken.None);
            // Named like every read entry (operation, records read), with the file's name, size and hash.
            var file = new ClassifiedRecord("evidence", evidenceId.ToString(CultureInfo.InvariantCulture), (Clearance)row.Classification, row.RegulationId);
            await write.AuditReadAsync(new AuditEvent("evidence.read", "evidence", file.Id, After: new
            {
                operation = nameof(GetEvidenceContent),
                records = new[] { file, row.Of }.Select(r => new { type = r.Type, id = r.Id, classification = r.Classification.ToName() }),
                row.FileName, row.SizeBytes, row.Sha256, row.ReportId,
            }, Classification: file.Classification, RegulationId: row.RegulationId));
            await write.CommitAsync();
        }

        services.Http.Response.Headers[ReprDigest] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(row.Sha256))}:";
        return TypedResults.PhysicalFile(stored.FullName, row.MediaType, row.FileName);
    }

    /// <summary>What an upload is evidence of, as its write found it.</summary>
    private sealed record Parent(int? ReportId, int? ReviewId, int? TaskId, int RegulationId, int Classification);

    /// <summary>
    /// Streams the body to the store, then records it in one write (checked again there by <paramref name="parentOf"/>):
    /// the row, the audit entry, the idempotency key and the kept file, or none of them.
    /// </summary>
    private static async Task<Results<Created<EvidenceDto>, ValidationProblem, ProblemHttpResult>> StoreAsync(
        EvidenceServices services, Caller caller, string fileName, EvidenceType type, string? idempotencyKey, string listLocation,
        Func<WriteScope, Task<(Parent? Parent, ProblemHttpResult? Problem)>> parentOf, CancellationToken cancellationToken)
    {
        var upload = await services.Store.ReceiveAsync(services.Http.Request.Body, type, cancellationToken);
        if (upload.Refusal is { Status: StatusCodes.Status400BadRequest } empty)
        {
            return Problems.Invalid("$", empty.Detail);
        }

        if (upload.Refusal is { } refusal)
        {
            return TypedResults.Problem(refusal.Detail, statusCode: refusal.Status, title: refusal.Status switch
            {
                StatusCodes.Status413PayloadTooLarge => RequestLimitsMiddleware.PayloadTooLargeTitle,
                _ => "The file is not what its name and type say.",
            }, type: ProblemTypes.For(refusal.Status));
        }

        var committed = false;
        try
        {
            await using var write = await services.Writes.BeginAsync(caller, CancellationToken.None);
            var (parent, problem) = await parentOf(write);
            if (problem is not null)
            {
                return problem;
            }

            var requestHash = Idempotency.HashOf(new { listLocation, fileName, type.MediaType, upload.Sha256, upload.SizeBytes });
            async Task<EvidenceDto?> IfVisible(EvidenceDto evidence) => await write.Connection.QuerySingleOrDefaultAsync<EvidenceRow>(EvidenceSql.One,
                CallerParameters.For(caller, new { evidence.Id, ReadsTasks = 1, ReadsReviews = 1 }), write.Transaction) is { } row ? row.ToDto() : null;
            if (await write.ReplayAsync<EvidenceDto>(services.Http, idempotencyKey, requestHash, IfVisible) is { } earlier)
            {
                return earlier.Problem is { } replayProblem ? replayProblem : earlier.Replay!;
            }

            var evidenceId = await write.Connection.ExecuteScalarAsync<int>(EvidenceSql.Insert(write.Dialect), new
            {
                parent!.ReportId, parent.ReviewId, parent.TaskId, parent.RegulationId, parent.Classification, FileName = fileName, type.MediaType,
                upload.SizeBytes, upload.Sha256, upload.StorageKey, write.Now, By = caller.Name, ByKind = caller.AuthorKind,
            }, write.Transaction);
            var evidence = (await write.Connection.QuerySingleAsync<EvidenceRow>(EvidenceSql.Written, new { Id = evidenceId }, write.Transaction)).ToDto();
            await write.AuditAsync(new AuditEvent("evidence.upload", "evidence", evidenceId.ToString(CultureInfo.InvariantCulture), null,
                new { evidence, parent.TaskId, parent.ReportId, parent.ReviewId }, (Clearance)parent.Classification, parent.RegulationId));
            var location = $"/api/v1/evidence/{evidenceId}/content";
            if (await write.RememberAsync(services.Http, idempotencyKey, requestHash, location, evidence, IfVisible) is { } winner)
            {
                return winner.Problem is { } winnerProblem ? winnerProblem : winner.Replay!;
            }

            services.Store.Keep(upload.StorageKey);
            await write.CommitAsync();
            committed = true;
            return TypedResults.Created(location, evidence);
        }
        finally
        {
            if (!committed)
            {
                services.Store.Discard(upload.StorageKey);
            }
        }
    }

    /// <summary>A 415 when the Content-Type is not an accepted kind or not the kind the name's extension says; else null.</summary>
    private static (ProblemHttpResult? Problem, ValidationProblem? Invalid)? DeclaredType(HttpRequest request, string fileName)
    {
        var named = EvidenceTypes.ByExtension(fileName)!;
        var declared = MediaTypeHeaderValue.TryParse(request.ContentType, out var media) ? EvidenceTypes.ByMediaType(media.MediaType.Value ?? "") : null;
        if (declared is null)
        {
            return (TypedResults.Problem(
                $"Content-Type '{request.ContentType}' is not an accepted kind of evidence. Accepted: {string.Join(", ", EvidenceTypes.MediaTypes)}. Nothing was saved.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The file's type is not accepted.", type: ProblemTypes.UnsupportedMediaType), null);
        }

        if (declared != named)
        {
            return (TypedResults.Problem(
                $"The name '{fileName}' says {named.Name} ({named.MediaType}) but the Content-Type says {declared.MediaType}. Nothing was saved.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The file's type is not accepted.", type: ProblemTypes.UnsupportedMediaType), null);
        }

        var charset = media!.Charset.Value;
        return declared.IsText && charset is not null && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            ? (TypedResults.Problem($"A text file is kept as UTF-8: send it as UTF-8 (charset '{charset}' is not accepted). Nothing was saved.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "The file's type is not accepted.", type: ProblemTypes.UnsupportedMediaType), null)
            : null;
    }

    private static async Task<ProblemHttpResult?> ReportExistsAsync(
        System.Data.Common.DbConnection connection, Caller caller, int id, int reportId, CancellationToken cancellationToken)
    {
        if (await connection.QuerySingleOrDefaultAsync<TaskRow>(new CommandDefinition(
                TasksSql.Row, CallerParameters.For(caller, new { Id = id }), cancellationToken: cancellationToken)) is null)
        {
            return TaskStore.NotFound(id);
        }

        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(EvidenceSql.ReportOfTask,
            new { Id = id, ReportId = reportId }, cancellationToken: cancellationToken)) == 0
            ? Problems.NotFound($"Task {id} has no report with the id {reportId}.")
            : null;
    }

    /// <summary>Null when the caller may add evidence to the report; else the 404 (task or report not readable in full) or 403.</summary>
    private static async Task<ProblemHttpResult?> MayAddToReportAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, Caller caller, int id, int reportId, ReferenceData reference)
    {
        var row = await connection.QuerySingleOrDefaultAsync<TaskRow>(TasksSql.Row, CallerParameters.For(caller, new { Id = id }), transaction);
        if (row is null)
        {
            return TaskStore.NotFound(id);
        }

        if (await connection.QuerySingleOrDefaultAsync<ReportParent>(EvidenceSql.Report, CallerParameters.For(caller, new { Id = id, ReportId = reportId }), transaction) is null)
        {
            return Problems.NotFound($"Task {id} has no report with the id {reportId} that you may read.");
        }

        var counterparts = (await connection.QueryAsync<int>(TasksSql.CounterpartsOfTask, new { row.Id }, transaction)).AsList();
        return new TaskParties(row.LeadUnitId, row.LeadAgencyId, counterparts).MayReport(caller, reference)
            ? null
            : TypedResults.Problem("Officers of the lead or a counterpart unit, and coordinators, add evidence to a task's reports.",
                statusCode: StatusCodes.Status403Forbidden, title: "You may not add evidence to this report.");
    }

    private static async Task<(ReviewRow? Review, ProblemHttpResult? Problem)> ReviewForMinutesAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, Caller caller, int id)
    {
        var review = await connection.QuerySingleOrDefaultAsync<ReviewRow>(ReviewsSql.One, CallerParameters.For(caller, new { Id = id }), transaction);
        if (review is null)
        {
            return (null, ReviewsEndpoints.NoSuchReview(id));
        }

        return review.Status is ReviewStatuses.Planned or ReviewStatuses.Cancelled
            ? (review, TypedResults.Problem($"The review is {review.Status}: the files of its minutes are added once its meeting is scheduled.",
                statusCode: StatusCodes.Status409Conflict, title: "The review has no meeting to record."))
            : (review, null);
    }

    private static async Task<Page<EvidenceDto>> PageAsync(
        System.Data.Common.DbConnection connection, string sql, object parent, EvidenceListQuery query, Caller caller, EvidenceServices services,
        CancellationToken cancellationToken)
    {
        var position = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        var parameters = CallerParameters.For(caller, parent);
        parameters.Add("AfterId", position.Length == 0 ? 0 : Cursors.ParseId(position));
        parameters.Add("Take", limit + 1);
        var rows = (await connection.QueryAsync<EvidenceRow>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => Cursors.Position(r.Id));
        return new Page<EvidenceDto>([.. page.Items.Select(r => r.ToDto())], page.NextCursor);
    }
}

/// <summary>
/// The request body limit of an upload route (<c>Evidence:MaxBytes</c>), above the API's own <c>Http:MaxRequestBodyBytes</c>:
/// read by the request limits (a declared Content-Length above it is a 413 before anything is read) and by Kestrel's
/// per-request limit, which it raises for these routes only.
/// </summary>
public sealed record EvidenceBodyLimit(long MaxBytes) : Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata
{
    long? Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata.MaxRequestBodySize => MaxBytes;
}
