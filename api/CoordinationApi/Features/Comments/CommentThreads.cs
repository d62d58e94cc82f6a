using System.Globalization;
using CoordinationApi.Features.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CoordinationApi.Features.Comments;

/// <summary>What the comment handlers use, bound as one <c>[AsParameters]</c> record.</summary>
public sealed record CommentServices(DbConnectionFactory Db, WriteScopes Writes, Cursors Cursors, HttpContext Http);

/// <summary>
/// The threads of comments of tasks and of reviews, one implementation for both: a thread exists for whoever may read its
/// task or review (404 otherwise, in the SQL), its comments keep the level of their task when written, edits are kept as
/// revisions, every write is audited and publishes its events in its transaction.
/// </summary>
internal static class CommentThreads
{
    public const string Task = "task";
    public const string Review = "review";
    internal const string ListName = "comments";

    public static async Task<CommentSubject?> SubjectAsync(ReadScope scope, Caller caller, string kind, int id, CancellationToken cancellationToken) =>
        await scope.Connection.QuerySingleOrDefaultAsync<CommentSubject>(new CommandDefinition(
            kind == Task ? CommentsSql.TaskSubject : CommentsSql.ReviewSubject, CallerParameters.For(caller, new { Id = id }), scope.Transaction,
            cancellationToken: cancellationToken));

    public static ProblemHttpResult NotFound(string kind, int id) =>
        Problems.NotFound($"No {kind} with the id {id} exists for you.");

    public static ProblemHttpResult NoSuchComment(int commentId) =>
        Problems.NotFound($"No comment with the id {commentId} exists for you here.");

    public static async Task<Results<Ok<Page<CommentDto>>, ProblemHttpResult>> ListAsync(
        string kind, int id, CommentsQuery query, Caller caller, CommentServices services, CancellationToken cancellationToken)
    {
        var position = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        if (await SubjectAsync(scope, caller, kind, id, cancellationToken) is not { } subject)
        {
            return NotFound(kind, id);
        }

        var sql = kind == Task ? CommentsSql.TaskComments(scope.Dialect) : CommentsSql.ReviewComments(scope.Dialect);
        var rows = (await connection.QueryAsync<CommentRow>(new CommandDefinition(sql, CallerParameters.For(caller, new
        {
            Id = id, KeyId = position.Length == 0 ? 0 : Cursors.ParseId(position), Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => Cursors.Position(r.Id));
        return TypedResults.Ok(new Page<CommentDto>(await ToDtosAsync(scope, subject, page.Items), page.NextCursor));
    }

    public static async Task<Results<Ok<CommentDto>, ProblemHttpResult>> GetAsync(
        string kind, int id, int commentId, Caller caller, CommentServices services, CancellationToken cancellationToken)
    {
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        if (await SubjectAsync(scope, caller, kind, id, cancellationToken) is not { } subject)
        {
            return NotFound(kind, id);
        }

        if (await RowAsync(scope, caller, subject, commentId) is not { } row)
        {
            return NoSuchComment(commentId);
        }

        Concurrency.SetETag(services.Http, row.RowVersion);
        return TypedResults.Ok((await ToDtosAsync(scope, subject, [row]))[0]);
    }

    public static async Task<Results<Created<CommentDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string kind, int id, CommentRequest request, Caller caller, CommentServices services, CancellationToken cancellationToken)
    {
        var http = services.Http;
        if (Idempotency.TryReadKey(http, out var idempotencyKey) is { } badKey)
        {
            return badKey;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        var requestHash = Idempotency.HashOf(new { kind, id, request });
        async Task<CommentDto?> IfVisible(CommentDto comment) =>
            await SubjectAsync(write, caller, kind, id, CancellationToken.None) is { } visible ? await OneAsync(write, caller, visible, comment.Id) : null;
        if (await write.ReplayAsync<CommentDto>(http, idempotencyKey, requestHash, IfVisible, withETag: true) is { } earlier)
        {
            return earlier.Problem is { } problem ? problem : earlier.Replay!;
        }

        if (await SubjectAsync(write, caller, kind, id, CancellationToken.None) is not { } subject)
        {
            return NotFound(kind, id);
        }

        var level = subject.Classification;
        var mentioned = await Mentions.ResolveAsync(write, subject, level, request.Body);
        var commentId = await connection.ExecuteScalarAsync<int>(CommentsSql.Insert(write.Dialect), new
        {
            TaskId = subject.IsTask ? id : (int?)null, ReviewId = subject.IsTask ? (int?)null : id, subject.RegulationId, Classification = level,
            request.Body, AuthorKind = caller.AuthorKind, AuthorId = caller.Id, AuthorName = caller.Name, AuthorDisplayName = caller.DisplayName,
            AuthorAgencyId = caller.AgencyId, write.Now,
        }, transaction);
        await connection.ExecuteAsync(CommentsSql.InsertRevision, new { CommentId = commentId, Revision = Concurrency.FirstRowVersion, request.Body, Classification = level, write.Now }, transaction);
        await connection.ExecuteAsync(CommentsSql.InsertMention, mentioned.Select(m => new { CommentId = commentId, UserId = m.Id }), transaction);
        var comment = (await OneAsync(write, caller, subject, commentId))!;
        await write.AuditAsync(new AuditEvent($"{kind}.comment", "comment", commentId.ToString(CultureInfo.InvariantCulture), null, comment, (Clearance)level, subject.RegulationId));
        await write.PublishAsync(subject.IsTask
            ? new OutboxEvent(EventKinds.TaskCommented, (Clearance)level, new { taskId = id, taskCode = subject.Code, regulationId = subject.RegulationId, commentId },
                subject.RegulationId, TaskId: id, SubjectCode: subject.SubjectCode)
            : new OutboxEvent(EventKinds.ReviewCommented, (Clearance)level, new { reviewId = id, regulationId = subject.RegulationId, commentId },
                subject.RegulationId, ReviewId: id, SubjectCode: subject.SubjectCode));
        await PublishMentionsAsync(write, subject, commentId, level, [.. mentioned.Select(m => m.Id)]);
        var location = $"/api/v1/{kind}s/{id}/comments/{commentId}";
        Concurrency.SetETag(http, Concurrency.FirstRowVersion);
        // A concurrent request with the same key may have been saved first: then this one's work is rolled back, its result replayed.
        if (await write.RememberAsync(http, idempotencyKey, requestHash, location, comment, IfVisible, withETag: true) is { } winner)
        {
            return winner.Problem is { } problem ? problem : winner.Replay!;
        }

        await write.CommitAsync();
        return TypedResults.Created(location, comment);
    }

    public static async Task<Results<Ok<CommentDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string kind, int id, int commentId, CommentRequest request, Caller caller, CommentServices services, CancellationToken cancellationToken)
    {
        if (!Concurrency.TryReadIfMatch(services.Http, out var ifMatch, out var precondition))
        {
            return precondition;
        }

        await using var write = await services.Writes.BeginAsync(caller, cancellationToken);
        var (connection, transaction) = write;
        if (await SubjectAsync(write, caller, kind, id, CancellationToken.None) is not { } subject)
        {
            return NotFound(kind, id);
        }

        if (await RowAsync(write, caller, subject, commentId) is not { } row)
        {
            return NoSuchComment(commentId);
        }

        if (row.AuthorKind != caller.AuthorKind || row.AuthorId != caller.Id)
        {
            return TypedResults.Problem("Only the author of a comment edits it.", statusCode: StatusCodes.Status403Forbidden,
                title: "You may not edit this comment.");
        }

        if (!ifMatch.Matches(row.RowVersion))
        {
            return Concurrency.Stale();
        }

        var before = (await ToDtosAsync(write, subject, [row]))[0];
        if (request.Body == row.Body)
        {
            // The same text sent back writes nothing: no revision, no event, the same ETag.
            Concurrency.SetETag(services.Http, row.RowVersion);
            return TypedResults.Ok(before);
        }

        // The new text is at the level of the task now; the earlier texts keep theirs (a comment written on a secret task
        // that was later declassified keeps its secret revisions from those not cleared for them).
        var level = subject.Classification;
        var mentioned = await Mentions.ResolveAsync(write, subject, level, request.Body);
        if (await connection.ExecuteAsync(CommentsSql.Update, new { CommentId = commentId, request.Body, Classification = level, write.Now, row.RowVersion }, transaction) == 0)
        {
            return Concurrency.Stale();
        }

        var revision = row.RowVersion + 1;
        await connection.ExecuteAsync(CommentsSql.InsertRevision, new { CommentId = commentId, Revision = revision, request.Body, Classification = level, write.Now }, transaction);
        await connection.ExecuteAsync(CommentsSql.DeleteMentions, new { CommentId = commentId }, transaction);
        await connection.ExecuteAsync(CommentsSql.InsertMention, mentioned.Select(m => new { CommentId = commentId, UserId = m.Id }), transaction);
        var after = (await OneAsync(write, caller, subject, commentId))!;
        await write.AuditAsync(new AuditEvent($"{kind}.comment.edit", "comment", commentId.ToString(CultureInfo.InvariantCulture), before, after,
            (Clearance)Math.Max(level, row.Classification), subject.RegulationId));
        // Only those the edit newly mentions are told: the others were told when they were first mentioned.
        var earlier = before.Mentions.Select(m => m.Username).ToHashSet(StringComparer.Ordinal);
        await PublishMentionsAsync(write, subject, commentId, level, [.. mentioned.Where(m => !earlier.Contains(m.Username)).Select(m => m.Id)]);
        await write.CommitAsync();
        Concurrency.SetETag(services.Http, revision);
        return TypedResults.Ok(after);
    }

    public static async Task<Results<Ok<Page<CommentRevisionDto>>, ProblemHttpResult>> RevisionsAsync(
        string kind, int id, int commentId, CommentsQuery query, Caller caller, CommentServices services, CancellationToken cancellationToken)
    {
        var position = services.Cursors.PositionOf(ListName, query.Cursor);
        var limit = query.Limit ?? Cursors.DefaultLimit;
        await using var connection = await services.Db.OpenAsync(cancellationToken);
        var scope = new ReadScope(connection, services.Db.Dialect);
        if (await SubjectAsync(scope, caller, kind, id, cancellationToken) is not { } subject)
        {
            return NotFound(kind, id);
        }

        if (await RowAsync(scope, caller, subject, commentId) is null)
        {
            return NoSuchComment(commentId);
        }

        var rows = (await connection.QueryAsync<RevisionRow>(new CommandDefinition(CommentsSql.Revisions(scope.Dialect), CallerParameters.For(caller, new
        {
            CommentId = commentId, KeyId = position.Length == 0 ? 0 : Cursors.ParseId(position), Take = limit + 1,
        }), cancellationToken: cancellationToken))).AsList();
        var page = services.Cursors.ToPage(ListName, rows, limit, r => Cursors.Position(r.Revision));
        return TypedResults.Ok(new Page<CommentRevisionDto>(
            [.. page.Items.Select(r => new CommentRevisionDto(r.Revision, r.Body, r.WrittenAt) { Of = subject.AuditedAs(r.Classification) })], page.NextCursor));
    }

    private static Task<CommentRow?> RowAsync(ReadScope scope, Caller caller, CommentSubject subject, int commentId) =>
        scope.Connection.QuerySingleOrDefaultAsync<CommentRow>(subject.IsTask ? CommentsSql.TaskComment : CommentsSql.ReviewComment,
            CallerParameters.For(caller, new { subject.Id, CommentId = commentId }), scope.Transaction);

    private static async Task<CommentDto?> OneAsync(ReadScope scope, Caller caller, CommentSubject subject, int commentId) =>
        await RowAsync(scope, caller, subject, commentId) is { } row ? (await ToDtosAsync(scope, subject, [row]))[0] : null;

    private static async Task<List<CommentDto>> ToDtosAsync(ReadScope scope, CommentSubject subject, List<CommentRow> rows)
    {
        var mentions = (rows.Count == 0 ? [] : await scope.Connection.QueryAsync<MentionRow>(CommentsSql.Mentions(scope.Dialect),
            new { Ids = SqlDialect.JsonList(rows.Select(r => r.Id)) }, scope.Transaction)).ToLookup(m => m.CommentId);
        return
        [
            .. rows.Select(r => new CommentDto(
                r.Id, r.Body, new CommentAuthorDto(r.AuthorName, r.AuthorDisplayName, r.AuthorAgencyCode, r.AuthorKind), r.CreatedAt, r.EditedAt,
                [.. mentions[r.Id].Select(m => new CommentMentionDto(m.Username, m.DisplayName))], Concurrency.ETagOf(r.RowVersion))
            {
                Of = subject.AuditedAs(r.Classification),
            }),
        ];
    }

    private static async Task PublishMentionsAsync(WriteScope write, CommentSubject subject, int commentId, int level, List<int> userIds)
    {
        if (userIds.Count == 0)
        {
            return;
        }

        await write.PublishAsync(subject.IsTask
            ? new OutboxEvent(EventKinds.Mentioned, (Clearance)level,
                new { commentId, taskId = subject.Id, regulationId = subject.RegulationId, mentionedUserIds = userIds },
                subject.RegulationId, TaskId: subject.Id, SubjectCode: subject.SubjectCode)
            : new OutboxEvent(EventKinds.Mentioned, (Clearance)level,
                new { commentId, reviewId = subject.Id, regulationId = subject.RegulationId, mentionedUserIds = userIds },
                subject.RegulationId, ReviewId: subject.Id, SubjectCode: subject.SubjectCode));
    }
}
