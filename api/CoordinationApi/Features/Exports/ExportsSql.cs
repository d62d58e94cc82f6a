using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Exports;

internal static class ExportsSql
{
    public const string Units = """
        SELECT u.id AS Id, u.code AS Code, a.code AS AgencyCode, p.code AS ParentCode, u.tier AS Tier, u.name_vi AS NameVi, u.name_en AS NameEn
        FROM units u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units p ON p.id = u.parent_id
        WHERE (@AgencyId IS NULL OR u.agency_id = @AgencyId)
        ORDER BY a.code, u.code;
        """;

    /// <summary>The provisions of one version (the one in force today when no number is given), in document order.</summary>
    public static string Articles(SqlDialect dialect) => $"""
        SELECT v.regulation_id AS RegulationId, v.number AS VersionNumber, p.akn_id AS AknId, p.parent_akn_id AS ParentAknId, p.kind AS Kind,
               p.num AS Num, p.heading_vi AS HeadingVi, p.heading_en AS HeadingEn, p.text_vi AS TextVi, p.text_en AS TextEn, p.is_summary AS IsSummary
        FROM provisions p
        JOIN regulation_versions v ON v.id = p.version_id
        WHERE v.id = (SELECT vi.id FROM regulation_versions vi
                      WHERE vi.regulation_id = @RegulationId AND {Scope.RegulationVisible("vi.regulation_id")}
                        AND ((@Version IS NOT NULL AND vi.number = @Version)
                             OR (@Version IS NULL AND vi.status = 'published' AND vi.effective_from <= @Today))
                      ORDER BY vi.effective_from DESC, vi.number DESC
                      {dialect.Limit("1")})
        ORDER BY p.id;
        """;

    public static readonly string ProgressReports = $"""
        SELECT r.id AS Id, r.task_id AS TaskId, t.code AS TaskCode, t.regulation_id AS RegulationId, u.code AS ReportingUnitCode,
               r.report_date AS ReportDate, r.percent_complete AS PercentComplete,
               CASE WHEN {Scope.WithinClearance("r.classification")} THEN r.narrative ELSE '' END AS Narrative,
               CASE WHEN {Scope.WithinClearance("r.classification")} THEN r.attachment_name END AS AttachmentName,
               r.attachment_bytes AS AttachmentBytes, r.is_correction AS IsCorrection, r.created_by AS CreatedBy, r.created_by_kind AS CreatedByKind, r.created_at AS CreatedAt,
               t.classification AS Classification
        FROM progress_reports r
        JOIN tasks t ON t.id = r.task_id
        JOIN units u ON u.id = r.reporting_unit_id
        WHERE {TaskListSql.Visible}
          AND (@RegulationId IS NULL OR t.regulation_id = @RegulationId)
          AND (@TaskId IS NULL OR r.task_id = @TaskId)
          AND (@From IS NULL OR r.report_date >= @From) AND (@To IS NULL OR r.report_date <= @To)
        ORDER BY r.id;
        """;

    public static readonly string Evaluations = $"""
        SELECT e.review_id AS ReviewId, r.kind AS ReviewKind, r.period_year AS PeriodYear, e.task_id AS TaskId, t.code AS TaskCode,
               t.title_vi AS TitleVi, t.title_en AS TitleEn, e.result AS Result,
               CASE WHEN {Scope.WithinClearance("e.classification")} THEN e.comment END AS Comment,
               CASE WHEN {Scope.WithinClearance("e.classification")} THEN 0 ELSE 1 END AS Redacted, e.classification AS EvaluationClassification,
               e.evaluated_by AS EvaluatedBy, e.evaluated_by_kind AS EvaluatedByKind,
               e.evaluated_at AS EvaluatedAt, t.classification AS Classification
        FROM review_evaluations e
        JOIN reviews r ON r.id = e.review_id
        JOIN tasks t ON t.id = e.task_id
        WHERE {TaskListSql.Visible}
          AND (@RegulationId IS NULL OR r.regulation_id = @RegulationId)
          AND (@ReviewId IS NULL OR e.review_id = @ReviewId)
          AND (@Year IS NULL OR r.period_year = @Year)
        ORDER BY e.review_id, t.seq;
        """;
}
