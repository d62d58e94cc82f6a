using System.Globalization;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Evidence;

/// <summary>An evidence row as read.</summary>
internal sealed record EvidenceRow
{
    public int Id { get; init; }

    public string FileName { get; init; } = "";

    public string MediaType { get; init; } = "";

    public long SizeBytes { get; init; }

    public string Sha256 { get; init; } = "";

    public DateTimeOffset UploadedAt { get; init; }

    public string UploadedBy { get; init; } = "";

    public string UploadedByKind { get; init; } = "";

    public int Classification { get; init; }

    public int RegulationId { get; init; }

    public string StorageKey { get; init; } = "";

    public int? TaskId { get; init; }

    public int? ReportId { get; init; }

    public int? ReviewId { get; init; }

    public EvidenceDto ToDto() => new(Id, FileName, MediaType, SizeBytes, Sha256, UploadedAt, UploadedBy, UploadedByKind, ((Clearance)Classification).ToName())
    {
        Of = Of,
    };

    /// <summary>What a read of the file reads, for the audit: its report's task (at the file's classification), or its review.</summary>
    public ClassifiedRecord Of => TaskId is { } task
        ? new("task", task.ToString(CultureInfo.InvariantCulture), (Clearance)Classification, RegulationId)
        : new("review", (ReviewId ?? 0).ToString(CultureInfo.InvariantCulture), (Clearance)Classification, RegulationId);
}

/// <summary>What a report's evidence inherits: the report's classification and the task's regulation.</summary>
internal sealed record ReportParent
{
    public int Classification { get; init; }

    public int RegulationId { get; init; }
}

/// <summary>
/// The SQL of evidence files. Every read carries the agency scope and the clearance (<see cref="Scope"/>): a file is as
/// classified as the report it is evidence of (a review's minutes: unclassified), and a report's file is seen only by
/// whoever sees its task.
/// </summary>
internal static class EvidenceSql
{
    private const string Columns = $"""
        e.id AS {nameof(EvidenceRow.Id)}, e.file_name AS {nameof(EvidenceRow.FileName)}, e.media_type AS {nameof(EvidenceRow.MediaType)},
        e.size_bytes AS {nameof(EvidenceRow.SizeBytes)}, e.sha256 AS {nameof(EvidenceRow.Sha256)}, e.uploaded_at AS {nameof(EvidenceRow.UploadedAt)},
        e.uploaded_by AS {nameof(EvidenceRow.UploadedBy)}, e.uploaded_by_kind AS {nameof(EvidenceRow.UploadedByKind)}, e.classification AS {nameof(EvidenceRow.Classification)},
        e.regulation_id AS {nameof(EvidenceRow.RegulationId)}, e.storage_key AS {nameof(EvidenceRow.StorageKey)}, e.task_id AS {nameof(EvidenceRow.TaskId)},
        e.report_id AS {nameof(EvidenceRow.ReportId)}, e.review_id AS {nameof(EvidenceRow.ReviewId)}
        """;

    /// <summary>The file is within the caller's clearance and of a regulation of their agency; a report's, of a task they see.</summary>
    private static readonly string Visible = $"""
        {Scope.WithinClearance("e.classification")} AND {Scope.RegulationVisible("e.regulation_id")}
        AND (e.task_id IS NULL OR EXISTS (SELECT 1 FROM tasks t WHERE t.id = e.task_id AND {TaskListSql.Visible}))
        """;

    /// <summary>A report of the task (<c>@Id</c>, <c>@ReportId</c>) the caller may read in full: task visible, report within clearance.</summary>
    public static readonly string Report = $"""
        SELECT r.classification AS {nameof(ReportParent.Classification)}, t.regulation_id AS {nameof(ReportParent.RegulationId)}
        FROM progress_reports r
        JOIN tasks t ON t.id = r.task_id
        WHERE r.id = @ReportId AND r.task_id = @Id AND {TaskListSql.Visible} AND {Scope.WithinClearance("r.classification")};
        """;

    /// <summary>Whether the report (<c>@ReportId</c>) is one of the task's (<c>@Id</c>), which the caller sees (checked before).</summary>
    public const string ReportOfTask = "SELECT COUNT(*) FROM progress_reports r WHERE r.id = @ReportId AND r.task_id = @Id;";

    /// <summary>One file the caller may read; <c>@ReadsTasks</c>/<c>@ReadsReviews</c> (1 or 0): whether an agency system's scopes read reports or reviews.</summary>
    public static readonly string One = $"""
        SELECT {Columns}
        FROM evidence e
        WHERE e.id = @Id AND {Visible}
          AND ((e.report_id IS NOT NULL AND @ReadsTasks = 1) OR (e.review_id IS NOT NULL AND @ReadsReviews = 1));
        """;

    /// <summary>A page of a report's files (<c>@ReportId</c>), oldest first, after <c>@AfterId</c>.</summary>
    public static string OfReport(SqlDialect dialect) => $"""
        SELECT {Columns}
        FROM evidence e
        WHERE e.report_id = @ReportId AND e.id > @AfterId AND {Visible}
        ORDER BY e.id
        {dialect.Limit("@Take")};
        """;

    /// <summary>A page of the files of a review's minutes (<c>@ReviewId</c>), oldest first, after <c>@AfterId</c>.</summary>
    public static string OfReview(SqlDialect dialect) => $"""
        SELECT {Columns}
        FROM evidence e
        WHERE e.review_id = @ReviewId AND e.id > @AfterId AND {Visible}
        ORDER BY e.id
        {dialect.Limit("@Take")};
        """;

    public static string Insert(SqlDialect dialect) => dialect.InsertReturningId(
        "evidence",
        "report_id, review_id, task_id, regulation_id, classification, file_name, media_type, size_bytes, sha256, storage_key, uploaded_at, uploaded_by, uploaded_by_kind",
        "@ReportId, @ReviewId, @TaskId, @RegulationId, @Classification, @FileName, @MediaType, @SizeBytes, @Sha256, @StorageKey, @Now, @By, @ByKind");

    public const string Written = $"""
        SELECT {Columns}
        FROM evidence e
        WHERE e.id = @Id;
        """;

    /// <summary>The evidence manifest of the exports: every file the caller may see, with its task and report or review.</summary>
    public static readonly string Manifest = $"""
        SELECT e.id AS Id, e.file_name AS FileName, e.media_type AS MediaType, e.size_bytes AS SizeBytes, e.sha256 AS Sha256,
               e.classification AS Classification, e.regulation_id AS RegulationId, e.task_id AS TaskId, tk.code AS TaskCode,
               e.report_id AS ReportId, e.review_id AS ReviewId, e.uploaded_at AS UploadedAt, e.uploaded_by AS UploadedBy,
               e.uploaded_by_kind AS UploadedByKind
        FROM evidence e
        LEFT JOIN tasks tk ON tk.id = e.task_id
        WHERE {Visible}
          AND (@RegulationId IS NULL OR e.regulation_id = @RegulationId)
          AND (@TaskId IS NULL OR e.task_id = @TaskId)
          AND (@ReviewId IS NULL OR e.review_id = @ReviewId)
        ORDER BY e.id;
        """;
}

/// <summary>A row of the evidence manifest as read.</summary>
internal sealed record EvidenceManifestRow
{
    public int Id { get; init; }

    public string FileName { get; init; } = "";

    public string MediaType { get; init; } = "";

    public long SizeBytes { get; init; }

    public string Sha256 { get; init; } = "";

    public int Classification { get; init; }

    public int RegulationId { get; init; }

    public int? TaskId { get; init; }

    public string? TaskCode { get; init; }

    public int? ReportId { get; init; }

    public int? ReviewId { get; init; }

    public DateTimeOffset UploadedAt { get; init; }

    public string UploadedBy { get; init; } = "";

    public string UploadedByKind { get; init; } = "";
}
