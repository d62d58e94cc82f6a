using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.RegulationText;

internal static class RegulationTextSql
{
    public static readonly string RegulationVisible =
        $"SELECT COUNT(*) FROM regulations r WHERE r.id = @RegulationId AND {Scope.RegulationVisible("r.id")};";

    public static readonly string Versions = $"""
        SELECT v.id AS {nameof(VersionRow.Id)}, v.regulation_id AS {nameof(VersionRow.RegulationId)}, v.number AS {nameof(VersionRow.Number)},
               v.status AS {nameof(VersionRow.Status)}, v.effective_from AS {nameof(VersionRow.EffectiveFrom)},
               b.number AS {nameof(VersionRow.BasedOnNumber)}, v.note AS {nameof(VersionRow.Note)},
               v.created_at AS {nameof(VersionRow.CreatedAt)}, v.published_at AS {nameof(VersionRow.PublishedAt)},
               v.row_version AS {nameof(VersionRow.RowVersion)}
        FROM regulation_versions v
        LEFT JOIN regulation_versions b ON b.id = v.based_on_id
        WHERE v.regulation_id = @RegulationId AND {Scope.RegulationVisible("v.regulation_id")}
        ORDER BY v.number;
        """;

    /// <summary>A page of <see cref="Versions"/>, after version number <c>@KeyNumber</c> (0 on the first page).</summary>
    public static string VersionsPage(SqlDialect dialect) => Versions.Replace(
        "ORDER BY v.number;", $"  AND v.number > @KeyNumber\nORDER BY v.number\n{dialect.Limit("@Take")};", StringComparison.Ordinal);

    /// <summary>The id of the version in force on <c>@Today</c>: the published one with the latest effective date not after it.</summary>
    public static string InForce(SqlDialect dialect) => $"""
        SELECT v.id
        FROM regulation_versions v
        WHERE v.regulation_id = @RegulationId AND v.status <> 'draft' AND v.effective_from <= @Today
        ORDER BY v.effective_from DESC, v.number DESC
        {dialect.Limit("1")};
        """;

    public static readonly string Provisions = $"""
        SELECT p.id AS {nameof(TextRow.Id)}, p.akn_id AS {nameof(TextRow.AknId)}, p.parent_akn_id AS {nameof(TextRow.ParentAknId)},
               p.kind AS {nameof(TextRow.Kind)}, p.ordinal AS {nameof(TextRow.Ordinal)}, p.num AS {nameof(TextRow.Num)},
               p.heading_vi AS {nameof(TextRow.HeadingVi)}, p.heading_en AS {nameof(TextRow.HeadingEn)},
               p.text_vi AS {nameof(TextRow.TextVi)}, p.text_en AS {nameof(TextRow.TextEn)},
               p.is_summary AS {nameof(TextRow.IsSummary)}, p.row_version AS {nameof(TextRow.RowVersion)}
        FROM provisions p
        JOIN regulation_versions v ON v.id = p.version_id
        WHERE p.version_id = @VersionId AND {Scope.RegulationVisible("v.regulation_id")}
        ORDER BY p.ordinal, p.id;
        """;

    private const string CitationsFrom = """
        FROM task_citations c
        JOIN regulation_versions cv ON cv.id = c.version_id
        JOIN tasks t ON t.id = c.task_id
        """;

    /// <summary>Tasks citing a provision or a provision under it, in any version of the regulation (AKN ids are stable across versions).</summary>
    public static readonly string CitingTasks = $"""
        SELECT t.id AS {nameof(CitingTaskDto.TaskId)}, t.code AS {nameof(CitingTaskDto.Code)},
               t.title_vi AS {nameof(CitingTaskDto.TitleVi)}, t.title_en AS {nameof(CitingTaskDto.TitleEn)},
               t.status AS {nameof(CitingTaskDto.Status)}, c.akn_id AS {nameof(CitingTaskDto.CitedAknId)},
               cv.number AS {nameof(CitingTaskDto.CitedVersionNumber)}, t.classification AS Classification, t.regulation_id AS RegulationId
        {CitationsFrom}
        WHERE cv.regulation_id = @RegulationId AND t.regulation_id = @RegulationId
          AND (c.akn_id = @AknId OR c.akn_id LIKE @Descendants ESCAPE '\')
          AND {Scope.RegulationVisible("t.regulation_id")} AND {Scope.WithinClearance("t.classification")}
        ORDER BY t.code, c.akn_id, cv.number;
        """;

    /// <summary>
    /// Every edit of a draft starts here: it bumps the draft's row version (its ETag) and, answering 0 rows for a
    /// published version, makes the edit fail before anything changed. On SQLite it also takes the write lock first.
    /// </summary>
    public const string TouchDraft = "UPDATE regulation_versions SET row_version = row_version + 1 WHERE id = @VersionId AND status = 'draft';";

    public static string InsertProvision(SqlDialect dialect) => dialect.InsertReturningId(
        "provisions",
        "version_id, akn_id, parent_akn_id, kind, ordinal, num, heading_vi, heading_en, text_vi, text_en, is_summary, row_version",
        "@VersionId, @AknId, @ParentAknId, @Kind, @Ordinal, @Num, @HeadingVi, @HeadingEn, @TextVi, @TextEn, @IsSummary, 1");

    public const string UpdateProvision = """
        UPDATE provisions
        SET heading_vi = @HeadingVi, heading_en = @HeadingEn, text_vi = @TextVi, text_en = @TextEn, is_summary = @IsSummary,
            row_version = row_version + 1
        WHERE id = @Id AND row_version = @RowVersion;
        """;

    /// <summary>The English heading and text of a draft's provision, from an imported English rendering.</summary>
    public const string SetEnglish = """
        UPDATE provisions SET heading_en = @HeadingEn, text_en = @TextEn, row_version = row_version + 1 WHERE id = @Id;
        """;

    public const string SetOrdinal = "UPDATE provisions SET ordinal = @Ordinal WHERE id = @Id;";

    public static string DeleteProvisions(SqlDialect dialect) => $"DELETE FROM provisions WHERE {dialect.InList("id", "@Ids")};";

    public static string InsertDraftVersion(SqlDialect dialect) => dialect.InsertReturningId(
        "regulation_versions",
        "regulation_id, number, status, effective_from, based_on_id, note, created_at, published_at, row_version",
        "@RegulationId, @Number, 'draft', NULL, @BasedOnId, @Note, @Now, NULL, 1");

    public const string CopyProvisions = """
        INSERT INTO provisions (version_id, akn_id, parent_akn_id, kind, ordinal, num, heading_vi, heading_en, text_vi, text_en, is_summary, row_version)
        SELECT @VersionId, akn_id, parent_akn_id, kind, ordinal, num, heading_vi, heading_en, text_vi, text_en, is_summary, 1
        FROM provisions
        WHERE version_id = @BasedOnId;
        """;

    public const string Publish = """
        UPDATE regulation_versions
        SET status = 'published', effective_from = @EffectiveFrom, note = COALESCE(@Note, note), published_at = @Now, row_version = row_version + 1
        WHERE id = @VersionId AND status = 'draft' AND row_version = @RowVersion;
        """;
}
