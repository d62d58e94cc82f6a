using System.Globalization;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.OpenApi;
using CoordinationApi.Infrastructure.Security;
using FluentValidation;

namespace CoordinationApi.Features.Comments;

/// <summary>Who wrote a comment.</summary>
/// <param name="Username">Their username (an agency system: its name).</param>
/// <param name="DisplayName">Their name as shown.</param>
/// <param name="AgencyCode">Their agency.</param>
/// <param name="Kind">A person (<c>user</c>) or an agency system (<c>client</c>).</param>
public sealed record CommentAuthorDto(string Username, string DisplayName, string AgencyCode, [Vocabulary(typeof(AuthorKinds))] string Kind);

/// <summary>Someone a comment mentions (<c>@username</c> in its body), who may read the task or review.</summary>
/// <param name="Username">Their username.</param>
/// <param name="DisplayName">Their name as shown.</param>
public sealed record CommentMentionDto(string Username, string DisplayName);

/// <summary>A comment on a task or a review.</summary>
/// <param name="Id">Comment id.</param>
/// <param name="Body">Its text (its latest revision).</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="CreatedAt">When it was written.</param>
/// <param name="EditedAt">When its author last edited it; null if never.</param>
/// <param name="Mentions">The people it mentions, by username.</param>
/// <param name="Etag">Its ETag: send it in <c>If-Match</c> to edit it.</param>
public sealed record CommentDto(
    int Id, string Body, CommentAuthorDto Author, DateTimeOffset CreatedAt, DateTimeOffset? EditedAt, List<CommentMentionDto> Mentions, string Etag)
    : IClassifiedRecord
{
    /// <summary>The task it belongs to, at the level of the comment's text, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>One text a comment has had, oldest first; the last is its current text.</summary>
/// <param name="Revision">1 for the text it was written with, then one more per edit.</param>
/// <param name="Body">The text.</param>
/// <param name="WrittenAt">When this text was written.</param>
public sealed record CommentRevisionDto(int Revision, string Body, DateTimeOffset WrittenAt) : IClassifiedRecord
{
    /// <summary>The task it belongs to, at the level of this text, for the audit of classified reads (not serialised).</summary>
    internal ClassifiedRecord Of { get; init; }

    ClassifiedRecord IClassifiedRecord.Audited => Of;
}

/// <summary>A comment to write, or the new text of one (a GET's comment may be sent back: its read-only members are ignored).</summary>
/// <param name="Body">The text, 1 to 10,000 characters. <c>@username</c> mentions a person who may read the task or review (anyone else is not mentioned).</param>
[RoundTrips(typeof(CommentDto))]
public sealed record CommentRequest(string Body);

internal sealed class CommentRequestValidator : AbstractValidator<CommentRequest>
{
    public const int MaxBodyLength = 10_000;

    public CommentRequestValidator()
    {
        RuleFor(r => r.Body).NotEmpty().MaximumLength(MaxBodyLength)
            .Must(b => !string.IsNullOrWhiteSpace(b)).WithMessage("Write something.");
    }
}

/// <summary>Paging of a thread's comments (oldest first) or of a comment's revisions.</summary>
/// <param name="Cursor">The <c>nextCursor</c> of the previous page; omit for the first page.</param>
/// <param name="Limit">Page size, 1–200 (default 50).</param>
public sealed record CommentsQuery(
    [property: Microsoft.AspNetCore.Mvc.FromQuery(Name = "cursor")] string? Cursor,
    [property: Microsoft.AspNetCore.Mvc.FromQuery(Name = "limit")] int? Limit)
    : IPageQuery;

internal sealed class CommentsQueryValidator : AbstractValidator<CommentsQuery>
{
    public CommentsQueryValidator(Cursors cursors) =>
        // One validator for both lists: a cursor is bound to its list's path, so one of the other list is refused anyway.
        Include(new PageRules<CommentsQuery>(cursors, CommentThreads.ListName, Cursors.IsId));
}

internal sealed record CommentRow
{
    public int Id { get; init; }

    public int? TaskId { get; init; }

    public int? ReviewId { get; init; }

    public int RegulationId { get; init; }

    public int Classification { get; init; }

    public string Body { get; init; } = "";

    public string AuthorKind { get; init; } = "";

    public string AuthorId { get; init; } = "";

    public string AuthorName { get; init; } = "";

    public string AuthorDisplayName { get; init; } = "";

    public string AuthorAgencyCode { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? EditedAt { get; init; }

    public int RowVersion { get; init; }
}

internal sealed record MentionRow
{
    public int CommentId { get; init; }

    public int UserId { get; init; }

    public string Username { get; init; } = "";

    public string DisplayName { get; init; } = "";
}

internal sealed record RevisionRow
{
    public int Revision { get; init; }

    public string Body { get; init; } = "";

    public int Classification { get; init; }

    public DateTimeOffset WrittenAt { get; init; }
}

/// <summary>What a thread of comments belongs to: a task or a review the caller may read.</summary>
internal sealed record CommentSubject
{
    public string Kind { get; init; } = "";

    public int Id { get; init; }

    public int RegulationId { get; init; }

    /// <summary>The task's classification now (a review: unclassified): the level of a text written now.</summary>
    public int Classification { get; init; }

    /// <summary>The task's code; a review: its year.</summary>
    public string Code { get; init; } = "";

    public bool IsTask => Kind == CommentThreads.Task;

    /// <summary>What the outbox's events name as their subject: the task's code, or e.g. <c>REVIEW-2026</c>.</summary>
    public string SubjectCode => IsTask ? Code : $"REVIEW-{Code}";

    /// <summary>The task as the audit of classified reads names it, at <paramref name="level"/> (its own if higher).</summary>
    public ClassifiedRecord AuditedAs(int level) => IsTask
        ? new("task", Id.ToString(CultureInfo.InvariantCulture), (Clearance)Math.Max(level, Classification), RegulationId)
        : new("review", Id.ToString(CultureInfo.InvariantCulture), Clearance.Unclassified, RegulationId);
}
