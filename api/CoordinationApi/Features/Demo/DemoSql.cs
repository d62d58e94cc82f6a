using CoordinationApi.Infrastructure.Data;

namespace CoordinationApi.Features.Demo;

/// <summary>Idempotent inserts keyed by natural codes: seeding twice adds nothing.</summary>
internal static class DemoSql
{
    public const string InsertAgency = """
        INSERT INTO agencies (code, name_vi, name_en)
        SELECT @Code, @NameVi, @NameEn
        WHERE NOT EXISTS (SELECT 1 FROM agencies WHERE code = @Code);
        """;

    public const string InsertUnit = """
        INSERT INTO units (agency_id, parent_id, tier, code, name_vi, name_en)
        SELECT (SELECT id FROM agencies WHERE code = @Agency),
               (SELECT id FROM units WHERE code = @Parent),
               @Tier, @Code, @NameVi, @NameEn
        WHERE NOT EXISTS (SELECT 1 FROM units WHERE code = @Code);
        """;

    public const string InsertPerson = """
        INSERT INTO persons (person_key, full_name, rank_vi, rank_en, position_vi, position_en, agency_id, unit_id, name_folded)
        SELECT @Key, @FullName, @RankVi, @RankEn, @PositionVi, @PositionEn,
               (SELECT id FROM agencies WHERE code = @Agency),
               (SELECT id FROM units WHERE code = @Unit), @NameFolded
        WHERE NOT EXISTS (SELECT 1 FROM persons WHERE person_key = @Key);
        """;

    public const string InsertRegulation = """
        INSERT INTO regulations (code, title_vi, title_en, signed_on, signed_at, status, review_annual_rotating,
                                 review_first_host_agency_id, review_month, preliminary_after_years, review_note,
                                 is_demo, row_version, created_at, updated_at)
        SELECT @Code, @TitleVi, @TitleEn, @SignedOn, @SignedAt, @Status, @AnnualRotating,
               (SELECT id FROM agencies WHERE code = @FirstHost), @ReviewMonth, @PreliminaryAfterYears, @Note,
               1, 1, @Now, @Now
        WHERE NOT EXISTS (SELECT 1 FROM regulations WHERE code = @Code);
        """;

    public const string RegulationId = "SELECT id FROM regulations WHERE code = @Code;";

    public const string InsertParty = """
        INSERT INTO regulation_parties (regulation_id, agency_id, standing_unit_id, ordinal)
        SELECT @RegulationId, (SELECT id FROM agencies WHERE code = @Agency), (SELECT id FROM units WHERE code = @StandingUnit), @Ordinal
        WHERE NOT EXISTS (
            SELECT 1 FROM regulation_parties
            WHERE regulation_id = @RegulationId AND agency_id = (SELECT id FROM agencies WHERE code = @Agency));
        """;

    public const string InsertSignatory = """
        INSERT INTO regulation_signatories (regulation_id, person_id, ordinal)
        SELECT @RegulationId, (SELECT id FROM persons WHERE person_key = @Key), @Ordinal
        WHERE NOT EXISTS (
            SELECT 1 FROM regulation_signatories
            WHERE regulation_id = @RegulationId AND person_id = (SELECT id FROM persons WHERE person_key = @Key));
        """;

    public const string CountVersions = "SELECT COUNT(*) FROM regulation_versions WHERE regulation_id = @RegulationId;";

    public static string InsertFirstVersion(SqlDialect dialect) => dialect.InsertReturningId(
        "regulation_versions",
        "regulation_id, number, status, effective_from, based_on_id, note, created_at, published_at",
        "@RegulationId, 1, 'published', @EffectiveFrom, NULL, @Note, @Now, @Now");

    public const string InsertProvision = """
        INSERT INTO provisions (version_id, akn_id, parent_akn_id, kind, ordinal, num, heading_vi, heading_en, text_vi, text_en, is_summary)
        VALUES (@VersionId, @AknId, @ParentAknId, @Kind, @Ordinal, @Num, @HeadingVi, @HeadingEn, @TextVi, @TextEn, @IsSummary);
        """;

    public const string DemoUsernames = "SELECT username FROM users WHERE is_demo = 1;";

    /// <summary>A demo user's address, unless one was set (by an admin) already.</summary>
    public const string SetDemoEmail = "UPDATE users SET email = @Email WHERE username = @Username AND is_demo = 1 AND email IS NULL;";

    public const string InsertUser = """
        INSERT INTO users (username, display_name, agency_id, unit_id, roles, clearance, password_hash, active, failed_sign_ins, is_demo, row_version,
                           security_stamp, created_at, updated_at)
        SELECT @Username, @DisplayName, (SELECT id FROM agencies WHERE code = @Agency), (SELECT id FROM units WHERE code = @Unit),
               @Roles, @Clearance, @PasswordHash, 1, 0, 1, 1, @SecurityStamp, @Now, @Now
        WHERE NOT EXISTS (SELECT 1 FROM users WHERE username = @Username);
        """;

    public const string AgencyId = "SELECT id FROM agencies WHERE code = @Code;";

    public const string DemoClientCount = "SELECT COUNT(*) FROM api_clients WHERE agency_id = @AgencyId AND is_demo = 1;";

    public const string RegulationAndFirstVersion = """
        SELECT r.id AS Id, v.id AS VersionId
        FROM regulations r
        JOIN regulation_versions v ON v.regulation_id = r.id AND v.number = 1
        WHERE r.code = @Code;
        """;

    public const string Units = "SELECT id AS Id, code AS Code, agency_id AS AgencyId FROM units;";

    /// <summary>The codes of the demo's own tasks already present (the first seqs), not every task of the regulation.</summary>
    public const string TaskCodes = "SELECT code FROM tasks WHERE regulation_id = @RegulationId AND seq <= @MaxSeq;";

    public const string InsertRecognition = """
        INSERT INTO recognitions (award_vi, award_en, awarding_agency_id, recipient_person_id, recipient_unit_id, awarded_on, occasion_vi, occasion_en,
                                  regulation_id, is_demo, created_at)
        SELECT @AwardVi, @AwardEn, (SELECT id FROM agencies WHERE code = @AwardingAgency), (SELECT id FROM persons WHERE person_key = @Recipient), NULL,
               @AwardedOn, @OccasionVi, @OccasionEn, (SELECT id FROM regulations WHERE code = @RegulationCode), 1, @Now
        WHERE NOT EXISTS (
            SELECT 1 FROM recognitions
            WHERE award_vi = @AwardVi AND awarded_on = @AwardedOn
              AND recipient_person_id = (SELECT id FROM persons WHERE person_key = @Recipient));
        """;

    /// <summary>Gives a generated review of the demo the state it would have today; only while it is still just planned.</summary>
    public const string StageReview = """
        UPDATE reviews
        SET status = @Status, scheduled_on = @ScheduledOn, venue = @Venue, chairs = @Chairs, attendees = @Attendees, minutes = @Minutes,
            updated_at = @Now
        WHERE regulation_id = @RegulationId AND kind = @Kind AND period_year = @Year AND status = 'planned';
        """;

    public const string ReviewHosts = $"""
        SELECT r.kind AS Kind, r.period_year AS Year, a.code AS HostCode
        FROM reviews r JOIN agencies a ON a.id = r.host_agency_id
        WHERE r.regulation_id = @RegulationId AND r.kind <> 'extraordinary';
        """;

    /// <summary>The demo's annual reviews of the given years, oldest first, with their status.</summary>
    public const string AnnualReviews = """
        SELECT r.id AS Id, r.period_year AS Year, r.status AS Status, r.scheduled_on AS ScheduledOn, a.code AS HostCode
        FROM reviews r JOIN agencies a ON a.id = r.host_agency_id
        WHERE r.regulation_id = @RegulationId AND r.kind = 'annual' AND r.period_year BETWEEN @From AND @To
        ORDER BY r.period_year;
        """;

    /// <summary>A demo coordinator as a caller: the user the conclusions and evaluations of the demo's history are by.</summary>
    public const string Coordinator = """
        SELECT u.id AS Id, u.username AS Username, u.display_name AS DisplayName, u.agency_id AS AgencyId, a.code AS AgencyCode,
               u.unit_id AS UnitId, un.code AS UnitCode, u.clearance AS Clearance
        FROM users u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units un ON un.id = u.unit_id
        WHERE u.username = @Username;
        """;

    /// <summary>What the demo's evaluations are written from: how far a task got, and when, by whom it is led.</summary>
    public static string TaskFacts(SqlDialect dialect) => $"""
        SELECT t.id AS Id, t.seq AS Seq, t.status AS Status, t.progress AS Progress, t.due_date AS DueDate, t.completed_at AS CompletedAt,
               t.classification AS Classification, a.code AS LeadAgencyCode, t.continues_task_id AS ContinuesTaskId
        FROM tasks t JOIN agencies a ON a.id = t.lead_agency_id
        WHERE {dialect.InList("t.id", "@Ids")}
        ORDER BY t.seq;
        """;

    public const string EvaluatedTasks = "SELECT task_id FROM review_evaluations WHERE review_id = @ReviewId;";
}
