using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Comments;

/// <summary>
/// The SQL of comments. A comment exists for a caller when its task or review does (the task's scope and clearance, the
/// review's scope) and its own text's level is within the caller's clearance: both are in every read below.
/// </summary>
internal static class CommentsSql
{
    private static readonly string TaskVisible = TaskListSql.Visible;
    private static readonly string ReviewVisible = Scope.RegulationVisible("r.regulation_id");
    private static readonly string CommentWithinClearance = Scope.WithinClearance("c.classification");

    public static readonly string TaskSubject = $"""
        SELECT '{CommentThreads.Task}' AS {nameof(CommentSubject.Kind)}, t.id AS {nameof(CommentSubject.Id)}, t.regulation_id AS {nameof(CommentSubject.RegulationId)},
               t.classification AS {nameof(CommentSubject.Classification)}, t.code AS {nameof(CommentSubject.Code)}
        FROM tasks t
        WHERE t.id = @Id AND {TaskVisible};
        """;

    public static readonly string ReviewSubject = $"""
        SELECT '{CommentThreads.Review}' AS {nameof(CommentSubject.Kind)}, r.id AS {nameof(CommentSubject.Id)}, r.regulation_id AS {nameof(CommentSubject.RegulationId)},
               0 AS {nameof(CommentSubject.Classification)}, CAST(r.period_year AS VARCHAR(10)) AS {nameof(CommentSubject.Code)}
        FROM reviews r
        WHERE r.id = @Id AND {ReviewVisible};
        """;

    private const string Columns = $"""
        c.id AS {nameof(CommentRow.Id)}, c.task_id AS {nameof(CommentRow.TaskId)}, c.review_id AS {nameof(CommentRow.ReviewId)},
        c.regulation_id AS {nameof(CommentRow.RegulationId)}, c.classification AS {nameof(CommentRow.Classification)}, c.body AS {nameof(CommentRow.Body)},
        c.author_kind AS {nameof(CommentRow.AuthorKind)}, c.author_id AS {nameof(CommentRow.AuthorId)}, c.author_name AS {nameof(CommentRow.AuthorName)},
        c.author_display_name AS {nameof(CommentRow.AuthorDisplayName)}, a.code AS {nameof(CommentRow.AuthorAgencyCode)},
        c.created_at AS {nameof(CommentRow.CreatedAt)}, c.edited_at AS {nameof(CommentRow.EditedAt)}, c.row_version AS {nameof(CommentRow.RowVersion)}
        """;

    /// <summary>A page of a task's comments the caller may read, oldest first, after <c>@KeyId</c>.</summary>
    public static string TaskComments(SqlDialect dialect) => $"""
        SELECT {Columns}
        FROM comments c
        JOIN tasks t ON t.id = c.task_id
        JOIN agencies a ON a.id = c.author_agency_id
        WHERE c.task_id = @Id AND {TaskVisible} AND {CommentWithinClearance} AND c.id > @KeyId
        ORDER BY c.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>A page of a review's comments the caller may read, oldest first, after <c>@KeyId</c>.</summary>
    public static string ReviewComments(SqlDialect dialect) => $"""
        SELECT {Columns}
        FROM comments c
        JOIN reviews r ON r.id = c.review_id
        JOIN agencies a ON a.id = c.author_agency_id
        WHERE c.review_id = @Id AND {ReviewVisible} AND {CommentWithinClearance} AND c.id > @KeyId
        ORDER BY c.id
        {dialect.Limit("@Take")};
        """;

    public static readonly string TaskComment = $"""
        SELECT {Columns}
        FROM comments c
        JOIN tasks t ON t.id = c.task_id
        JOIN agencies a ON a.id = c.author_agency_id
        WHERE c.id = @CommentId AND c.task_id = @Id AND {TaskVisible} AND {CommentWithinClearance};
        """;

    public static readonly string ReviewComment = $"""
        SELECT {Columns}
        FROM comments c
        JOIN reviews r ON r.id = c.review_id
        JOIN agencies a ON a.id = c.author_agency_id
        WHERE c.id = @CommentId AND c.review_id = @Id AND {ReviewVisible} AND {CommentWithinClearance};
        """;

    /// <summary>The people the comments in <c>@Ids</c> mention (<see cref="SqlDialect.JsonList{T}"/>).</summary>
    public static string Mentions(SqlDialect dialect) => $"""
        SELECT m.comment_id AS {nameof(MentionRow.CommentId)}, u.id AS {nameof(MentionRow.UserId)}, u.username AS {nameof(MentionRow.Username)},
               u.display_name AS {nameof(MentionRow.DisplayName)}
        FROM comment_mentions m
        JOIN users u ON u.id = m.user_id
        WHERE {dialect.InList("m.comment_id", "@Ids")}
        ORDER BY m.comment_id, u.username;
        """;

    /// <summary>
    /// Of the usernames in <c>@Usernames</c>, the active people who may read a text of level <c>@Level</c> in regulation
    /// <c>@RegulationId</c>: of a party agency and cleared for it (their roles are checked by the caller).
    /// </summary>
    public static string Readers(SqlDialect dialect) => $"""
        SELECT u.id AS {nameof(ReaderRow.Id)}, u.username AS {nameof(ReaderRow.Username)}, u.roles AS {nameof(ReaderRow.Roles)}
        FROM users u
        WHERE {dialect.InList("u.username", "@Usernames", "NVARCHAR(200)")}
          AND u.active = 1 AND u.clearance >= @Level
          AND EXISTS (SELECT 1 FROM regulation_parties rp WHERE rp.regulation_id = @RegulationId AND rp.agency_id = u.agency_id);
        """;

    /// <summary>The texts of a comment the caller may read (checked before) within their clearance, oldest first, after <c>@KeyId</c>.</summary>
    public static string Revisions(SqlDialect dialect) => $"""
        SELECT v.revision AS {nameof(RevisionRow.Revision)}, v.body AS {nameof(RevisionRow.Body)}, v.classification AS {nameof(RevisionRow.Classification)},
               v.written_at AS {nameof(RevisionRow.WrittenAt)}
        FROM comment_revisions v
        WHERE v.comment_id = @CommentId AND {Scope.WithinClearance("v.classification")} AND v.revision > @KeyId
        ORDER BY v.revision
        {dialect.Limit("@Take")};
        """;

    public static string Insert(SqlDialect dialect) => dialect.InsertReturningId(
        "comments",
        "task_id, review_id, regulation_id, classification, body, author_kind, author_id, author_name, author_display_name, author_agency_id, created_at, edited_at, row_version",
        "@TaskId, @ReviewId, @RegulationId, @Classification, @Body, @AuthorKind, @AuthorId, @AuthorName, @AuthorDisplayName, @AuthorAgencyId, @Now, NULL, 1");

    public const string Update = """
        UPDATE comments
        SET body = @Body, classification = @Classification, edited_at = @Now, row_version = row_version + 1
        WHERE id = @CommentId AND row_version = @RowVersion;
        """;

    public const string InsertRevision = """
        INSERT INTO comment_revisions (comment_id, revision, body, classification, written_at)
        VALUES (@CommentId, @Revision, @Body, @Classification, @Now);
        """;

    public const string DeleteMentions = "DELETE FROM comment_mentions WHERE comment_id = @CommentId;";

    public const string InsertMention = "INSERT INTO comment_mentions (comment_id, user_id) VALUES (@CommentId, @UserId);";
}

internal sealed record ReaderRow
{
    public int Id { get; init; }

    public string Username { get; init; } = "";

    public string Roles { get; init; } = "";
}
