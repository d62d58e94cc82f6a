using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Search;

internal static class SearchSql
{
    private const string HitColumns = $"""
        d.kind AS {nameof(SearchRow.Kind)}, d.entity_id AS {nameof(SearchRow.EntityId)}, d.regulation_id AS {nameof(SearchRow.RegulationId)},
        d.version_id AS {nameof(SearchRow.VersionId)}, v.number AS {nameof(SearchRow.VersionNumber)}, p.akn_id AS {nameof(SearchRow.AknId)},
        t.code AS {nameof(SearchRow.TaskCode)}, COALESCE(t.classification, 0) AS {nameof(SearchRow.Classification)},
        COALESCE(p.heading_vi, t.title_vi) AS {nameof(SearchRow.TitleVi)}, COALESCE(p.heading_en, t.title_en) AS {nameof(SearchRow.TitleEn)},
        COALESCE(p.text_vi, t.description_vi) AS {nameof(SearchRow.BodyVi)}, COALESCE(p.text_en, t.description_en) AS {nameof(SearchRow.BodyEn)}
        """;

    // A provision is found in the version of its regulation in force today; a record without a version (a task) always,
    // unless a review carried it over (it is found as its successor, once).
    private const string Joins = """
        LEFT JOIN regulation_versions v ON v.id = d.version_id
        LEFT JOIN provisions p ON d.kind = 'provision' AND p.id = d.entity_id
        LEFT JOIN tasks t ON d.kind = 'task' AND t.id = d.entity_id
        """;

    private const string CandidateColumns = $"""
        d.id AS {nameof(CandidateDocument.Id)}, d.kind AS {nameof(CandidateDocument.Kind)}, d.entity_id AS {nameof(CandidateDocument.EntityId)},
        d.folded_heading AS {nameof(CandidateDocument.FoldedHeading)}, d.folded_body AS {nameof(CandidateDocument.FoldedBody)}
        """;

    private static readonly string Filters = $"""
        (@RegulationId IS NULL OR d.regulation_id = @RegulationId)
          AND {Scope.RegulationVisible("d.regulation_id")}
          AND {Scope.WithinClearance("d.classification")}
          AND (d.kind <> 'task' OR NOT EXISTS (SELECT 1 FROM tasks ct WHERE ct.id = d.entity_id AND ct.status = '{Tasks.TaskStatuses.CarriedOver}'))
          AND (d.version_id IS NULL OR (v.status = 'published' AND v.effective_from <= @Today AND NOT EXISTS (
                SELECT 1 FROM regulation_versions later
                WHERE later.regulation_id = v.regulation_id AND later.status = 'published' AND later.effective_from <= @Today
                  AND (later.effective_from > v.effective_from OR (later.effective_from = v.effective_from AND later.number > v.number)))))
        """;

    /// <summary>
    /// SQL Server, step 1: the records the caller may see that hold every folded term (<c>@Terms</c>, separated by
    /// spaces) in their heading or text, by whole-word <c>LIKE</c> (the column's accent-insensitive collation may let
    /// through a little more: <see cref="SearchScoring"/> decides, ordinally, and ranks them).
    /// </summary>
    public static readonly string SqlServerCandidates = $"""
        SELECT {CandidateColumns}
        FROM search_documents d
        LEFT JOIN regulation_versions v ON v.id = d.version_id
        WHERE NOT EXISTS (
                SELECT 1 FROM STRING_SPLIT(@Terms, N' ') term
                WHERE d.folded_heading NOT LIKE N'% ' + term.value + N' %' AND d.folded_body NOT LIKE N'% ' + term.value + N' %')
          AND {Filters};
        """;

    /// <summary>
    /// SQL Server, step 2: the titles and texts of a page of ranked hits (<c>@Ids</c>, in any order), filtered again in
    /// case one changed since step 1.
    /// </summary>
    public static readonly string SqlServerPage = $"""
        SELECT d.id AS {nameof(SearchRow.DocumentId)}, {HitColumns}
        FROM search_documents d
        {Joins}
        WHERE {SqlDialect.SqlServer.InList("d.id", "@Ids")} AND {Filters};
        """;

    // SQLite only, so properties: the SQL Server parse test reads the constants and the dialect builders of *Sql classes.

    /// <summary>The search index's generation: it moves with every change of <c>search_documents</c> (SQLite).</summary>
    public static string SqliteGeneration { get; } = "SELECT value FROM search_generation WHERE id = 1;";

    /// <summary>
    /// SQLite, step 1, the same for every caller: every record FTS5 finds holding all the folded terms (<c>@Match</c>,
    /// the terms quoted), whichever caller may see it. FTS5 only finds them; <see cref="SearchScoring"/> ranks them in
    /// C#, and the API keeps the ranking until the index changes (<see cref="SearchRankings"/>).
    /// </summary>
    public static string SqliteCandidates { get; } = $"""
        SELECT {CandidateColumns}
        FROM search_fts
        JOIN search_documents d ON d.id = search_fts.rowid
        WHERE search_fts MATCH @Match;
        """;

    /// <summary>
    /// SQLite, step 2, every request: the kept ranking (<c>@Ranked</c>, <c>[[id, score], …]</c>, best first; a prefix of
    /// it when that is enough) filtered by the caller's scope and clearance and the version in force, a page of it in rank
    /// order; only that page is joined to its titles and texts.
    /// </summary>
    public static string SqliteRankedHits { get; } = $"""
        WITH ranked AS (
            SELECT value ->> 0 AS id, CAST(value ->> 1 AS REAL) AS score, key AS position
            FROM json_each(@Ranked)),
        hits AS (
            SELECT d.id, d.kind, d.entity_id, d.regulation_id, d.version_id, v.number AS version_number, ranked.score, ranked.position
            FROM ranked
            JOIN search_documents d ON d.id = ranked.id
            LEFT JOIN regulation_versions v ON v.id = d.version_id
            WHERE {Filters}
            ORDER BY ranked.position
            {SqlDialect.Sqlite.Page("@Skip", "@Take")})
        SELECT d.kind AS {nameof(SearchRow.Kind)}, d.entity_id AS {nameof(SearchRow.EntityId)}, d.regulation_id AS {nameof(SearchRow.RegulationId)},
               d.version_id AS {nameof(SearchRow.VersionId)}, d.version_number AS {nameof(SearchRow.VersionNumber)}, p.akn_id AS {nameof(SearchRow.AknId)},
               t.code AS {nameof(SearchRow.TaskCode)}, COALESCE(t.classification, 0) AS {nameof(SearchRow.Classification)},
               COALESCE(p.heading_vi, t.title_vi) AS {nameof(SearchRow.TitleVi)}, COALESCE(p.heading_en, t.title_en) AS {nameof(SearchRow.TitleEn)},
               COALESCE(p.text_vi, t.description_vi) AS {nameof(SearchRow.BodyVi)}, COALESCE(p.text_en, t.description_en) AS {nameof(SearchRow.BodyEn)},
               d.score AS {nameof(SearchRow.Score)}
        FROM hits d
        LEFT JOIN provisions p ON d.kind = 'provision' AND p.id = d.entity_id
        LEFT JOIN tasks t ON d.kind = 'task' AND t.id = d.entity_id
        ORDER BY d.position;
        """;

    private const string UnindexedProvisionColumns = $"""
        SELECT p.id AS {nameof(IndexedProvisionRow.Id)}, v.regulation_id AS {nameof(IndexedProvisionRow.RegulationId)},
               p.version_id AS {nameof(IndexedProvisionRow.VersionId)},
               p.heading_vi AS {nameof(IndexedProvisionRow.HeadingVi)}, p.heading_en AS {nameof(IndexedProvisionRow.HeadingEn)},
               p.text_vi AS {nameof(IndexedProvisionRow.TextVi)}, p.text_en AS {nameof(IndexedProvisionRow.TextEn)}
        FROM provisions p
        JOIN regulation_versions v ON v.id = p.version_id
        WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.kind = 'provision' AND d.entity_id = p.id)
        """;

    /// <summary>Provisions not yet in the index, of every version (the start-up backfill).</summary>
    public const string UnindexedProvisions = $"{UnindexedProvisionColumns};";

    /// <summary>Provisions not yet in the index, of one version (two statements rather than a catch-all predicate).</summary>
    public const string UnindexedProvisionsOfVersion = $"{UnindexedProvisionColumns} AND p.version_id = @VersionId;";

    private const string UnindexedTaskColumns = $"""
        SELECT t.id AS {nameof(IndexedTaskRow.Id)}, t.regulation_id AS {nameof(IndexedTaskRow.RegulationId)}, t.code AS {nameof(IndexedTaskRow.Code)},
               t.classification AS {nameof(IndexedTaskRow.Classification)}, t.title_vi AS {nameof(IndexedTaskRow.TitleVi)},
               t.title_en AS {nameof(IndexedTaskRow.TitleEn)}, t.description_vi AS {nameof(IndexedTaskRow.DescriptionVi)},
               t.description_en AS {nameof(IndexedTaskRow.DescriptionEn)}
        FROM tasks t
        WHERE NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.kind = 'task' AND d.entity_id = t.id)
        """;

    /// <summary>Tasks not yet in the index, all of them (the start-up backfill).</summary>
    public const string UnindexedTasks = $"{UnindexedTaskColumns};";

    /// <summary>The given tasks (<c>@Ids</c>, a JSON list) if not yet in the index.</summary>
    public static string UnindexedTasksAmong(SqlDialect dialect) => $"{UnindexedTaskColumns} AND {dialect.InList("t.id", "@Ids")};";

    public const string InsertDocument = """
        INSERT INTO search_documents (kind, entity_id, regulation_id, version_id, classification, folded_heading, folded_body)
        VALUES (@Kind, @EntityId, @RegulationId, @VersionId, @Classification, @FoldedHeading, @FoldedBody);
        """;

    /// <summary>Removes the documents of the given records (<c>@EntityIds</c>, a JSON list).</summary>
    public static string DeleteDocuments(SqlDialect dialect) =>
        $"DELETE FROM search_documents WHERE kind = @Kind AND {dialect.InList("entity_id", "@EntityIds")};";
}

internal sealed record SearchRow
{
    /// <summary>The <c>search_documents</c> id (SQL Server's page query).</summary>
    public long DocumentId { get; init; }

    public required string Kind { get; init; }

    public required int EntityId { get; init; }

    public required int RegulationId { get; init; }

    public int? VersionId { get; init; }

    public int? VersionNumber { get; init; }

    public string? AknId { get; init; }

    public string? TaskCode { get; init; }

    public int Classification { get; init; }

    public string? TitleVi { get; init; }

    public string? TitleEn { get; init; }

    public string? BodyVi { get; init; }

    public string? BodyEn { get; init; }

    public double Score { get; init; }
}

internal sealed record IndexedProvisionRow
{
    public required int Id { get; init; }

    public required int RegulationId { get; init; }

    public required int VersionId { get; init; }

    public string? HeadingVi { get; init; }

    public string? HeadingEn { get; init; }

    public string? TextVi { get; init; }

    public string? TextEn { get; init; }
}

internal sealed record IndexedTaskRow
{
    public int Id { get; init; }

    public int RegulationId { get; init; }

    public string Code { get; init; } = "";

    public int Classification { get; init; }

    public string TitleVi { get; init; } = "";

    public string TitleEn { get; init; } = "";

    public string DescriptionVi { get; init; } = "";

    public string DescriptionEn { get; init; } = "";
}
