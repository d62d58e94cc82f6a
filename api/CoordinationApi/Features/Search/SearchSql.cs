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

    // A provision is found in the version of its regulation in force today; a record without a version (a task) always.
    private const string Joins = """
        LEFT JOIN regulation_versions v ON v.id = d.version_id
        LEFT JOIN provisions p ON d.kind = 'provision' AND p.id = d.entity_id
        LEFT JOIN tasks t ON d.kind = 'task' AND t.id = d.entity_id
        """;

    // The query's words as one phrase rank first: in a heading above all, then the earlier the phrase stands in the
    // text the more central it is to the record (up to +2 at the start, fading over the first few hundred characters).
    private static string PhraseBonusOf(SqlDialect dialect)
    {
        var position = dialect.Provider == DatabaseProvider.SqlServer ? "CHARINDEX(@PhraseText, d.folded_body)" : "instr(d.folded_body, @PhraseText)";
        return $"CASE WHEN d.folded_heading LIKE @Phrase THEN 102.0 WHEN d.folded_body LIKE @Phrase THEN 100.0 + 2.0 / (1.0 + {position} / 50.0) ELSE 0.0 END";
    }

    private static readonly string Filters = $"""
        (@RegulationId IS NULL OR d.regulation_id = @RegulationId)
          AND {Scope.RegulationVisible("d.regulation_id")}
          AND {Scope.WithinClearance("d.classification")}
          AND (d.version_id IS NULL OR (v.status = 'published' AND v.effective_from <= @Today AND NOT EXISTS (
                SELECT 1 FROM regulation_versions later
                WHERE later.regulation_id = v.regulation_id AND later.status = 'published' AND later.effective_from <= @Today
                  AND (later.effective_from > v.effective_from OR (later.effective_from = v.effective_from AND later.number > v.number)))))
        """;

    /// <summary>
    /// SQL Server: the ranked hits of the folded query terms, every term required: whole-word LIKE on the folded columns
    /// (<c>@Terms</c> holds the terms separated by spaces), scored by the terms found in the heading (2) and the text (1),
    /// shorter texts first; a record holding the query's words as one phrase (<c>@Phrase</c>, <c>% bao ve an ninh %</c>)
    /// ranks above those holding them apart. SQLite ranks in two steps: <see cref="SqliteRanking"/> and <see cref="SqliteRankedHits"/>.
    /// </summary>
    public static string SqlServerSearch(SqlDialect dialect) => $"""
        SELECT {HitColumns}, s.Score + {PhraseBonusOf(dialect)} AS {nameof(SearchRow.Score)}
        FROM search_documents d
        {Joins}
        CROSS APPLY (
            SELECT SUM(CASE WHEN d.folded_heading LIKE N'% ' + term.value + N' %' THEN 2.0 ELSE 0.0 END
                     + CASE WHEN d.folded_body LIKE N'% ' + term.value + N' %' THEN 1.0 ELSE 0.0 END)
                   / (1.0 + LEN(d.folded_body) / 2000.0) AS Score
            FROM STRING_SPLIT(@Terms, N' ') term) s
        WHERE NOT EXISTS (
                SELECT 1 FROM STRING_SPLIT(@Terms, N' ') term
                WHERE d.folded_heading NOT LIKE N'% ' + term.value + N' %' AND d.folded_body NOT LIKE N'% ' + term.value + N' %')
          AND {Filters}
        ORDER BY {nameof(SearchRow.Score)} DESC, d.id
        {dialect.Page("@Skip", "@Take")};
        """;

    // SQLite only, so properties: the SQL Server parse test reads the constants and the dialect builders of *Sql classes.

    /// <summary>The search index's generation: it moves with every change of <c>search_documents</c> (SQLite).</summary>
    public static string SqliteGeneration { get; } = "SELECT value FROM search_generation WHERE id = 1;";

    /// <summary>
    /// SQLite, step 1, the same for every caller: FTS5 over the folded columns (<c>@Match</c> holds the quoted terms,
    /// every one required) ranks every match in C by bm25, the heading weighing twice the text; the best <c>@Window</c>
    /// get the phrase bonus and come out best first, which the API keeps until the index changes. A word found in a
    /// million records costs one ranking per index change, not one per request.
    /// </summary>
    public static string SqliteRanking { get; } = $"""
        WITH ranked AS (
            SELECT rowid AS id, bm25(search_fts, 2.0, 1.0) AS relevance
            FROM search_fts
            WHERE search_fts MATCH @Match
            ORDER BY relevance
            LIMIT @Window),
        scored AS (
            SELECT d.id, -ranked.relevance + {PhraseBonusOf(SqlDialect.Sqlite)} AS score
            FROM ranked
            JOIN search_documents d ON d.id = ranked.id)
        SELECT id AS {nameof(SearchRankings.RankedHit.Id)}, score AS {nameof(SearchRankings.RankedHit.Score)}
        FROM scored
        ORDER BY score DESC, id;
        """;

    /// <summary>
    /// SQLite, step 2, every request: the ranking (<c>@Ranked</c>, <c>[[id, score], …]</c>, best first; a prefix of it
    /// when that is enough) filtered by the caller's scope and clearance and the version in force, a page of it in rank
    /// order; only that page is joined to its titles and texts.
    /// </summary>
    public static string SqliteRankedHits { get; } = $"""
        WITH ranked AS (
            SELECT value ->> 0 AS id, value ->> 1 AS score, key AS position
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

    /// <summary>Provisions not yet in the index (all of them, or those of one version).</summary>
    public const string UnindexedProvisions = $"""
        SELECT p.id AS {nameof(IndexedProvisionRow.Id)}, v.regulation_id AS {nameof(IndexedProvisionRow.RegulationId)},
               p.version_id AS {nameof(IndexedProvisionRow.VersionId)},
               p.heading_vi AS {nameof(IndexedProvisionRow.HeadingVi)}, p.heading_en AS {nameof(IndexedProvisionRow.HeadingEn)},
               p.text_vi AS {nameof(IndexedProvisionRow.TextVi)}, p.text_en AS {nameof(IndexedProvisionRow.TextEn)}
        FROM provisions p
        JOIN regulation_versions v ON v.id = p.version_id
        WHERE (@VersionId IS NULL OR p.version_id = @VersionId)
          AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.kind = 'provision' AND d.entity_id = p.id);
        """;

    /// <summary>Tasks not yet in the index (all of them, or the given ones).</summary>
    public const string UnindexedTasks = $"""
        SELECT t.id AS {nameof(IndexedTaskRow.Id)}, t.regulation_id AS {nameof(IndexedTaskRow.RegulationId)}, t.code AS {nameof(IndexedTaskRow.Code)},
               t.classification AS {nameof(IndexedTaskRow.Classification)}, t.title_vi AS {nameof(IndexedTaskRow.TitleVi)},
               t.title_en AS {nameof(IndexedTaskRow.TitleEn)}, t.description_vi AS {nameof(IndexedTaskRow.DescriptionVi)},
               t.description_en AS {nameof(IndexedTaskRow.DescriptionEn)}
        FROM tasks t
        WHERE (@OnlyIds = 0 OR t.id IN @Ids)
          AND NOT EXISTS (SELECT 1 FROM search_documents d WHERE d.kind = 'task' AND d.entity_id = t.id);
        """;

    public const string InsertDocument = """
        INSERT INTO search_documents (kind, entity_id, regulation_id, version_id, classification, folded_heading, folded_body)
        VALUES (@Kind, @EntityId, @RegulationId, @VersionId, @Classification, @FoldedHeading, @FoldedBody);
        """;

    public const string DeleteDocuments = "DELETE FROM search_documents WHERE kind = @Kind AND entity_id IN @EntityIds;";
}

internal sealed record SearchRow
{
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

    public required double Score { get; init; }
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
