using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Features.Regulations;

internal static class RegulationsSql
{
    public static string ListPage(SqlDialect dialect) => $"""
        SELECT r.id AS {nameof(RegulationSummaryRow.Id)}, r.code AS {nameof(RegulationSummaryRow.Code)},
               r.title_vi AS {nameof(RegulationSummaryRow.TitleVi)}, r.title_en AS {nameof(RegulationSummaryRow.TitleEn)},
               r.signed_on AS {nameof(RegulationSummaryRow.SignedOn)}, r.status AS {nameof(RegulationSummaryRow.Status)}
        FROM regulations r
        WHERE r.id > @AfterId AND {Scope.RegulationVisible("r.id")}
        ORDER BY r.id
        {dialect.Limit("@Take")};
        """;

    public static string PartyCodes(SqlDialect dialect) => $"""
        SELECT rp.regulation_id AS {nameof(PartyCodeRow.RegulationId)}, a.code AS {nameof(PartyCodeRow.AgencyCode)}
        FROM regulation_parties rp
        JOIN agencies a ON a.id = rp.agency_id
        WHERE {dialect.InList("rp.regulation_id", "@Ids")}
        ORDER BY rp.regulation_id, rp.ordinal;
        """;

    /// <summary>The regulation, its parties, signatories, the version in force today (else the latest) and that version's text, in one round trip.</summary>
    public static string Detail(SqlDialect dialect) => $"""
        SELECT r.id AS {nameof(RegulationRow.Id)}, r.code AS {nameof(RegulationRow.Code)},
               r.title_vi AS {nameof(RegulationRow.TitleVi)}, r.title_en AS {nameof(RegulationRow.TitleEn)},
               r.signed_on AS {nameof(RegulationRow.SignedOn)}, r.signed_at AS {nameof(RegulationRow.SignedAt)},
               r.status AS {nameof(RegulationRow.Status)}, r.review_annual_rotating AS {nameof(RegulationRow.AnnualRotating)},
               h.code AS {nameof(RegulationRow.FirstHostAgencyCode)}, r.review_month AS {nameof(RegulationRow.ReviewMonth)},
               r.preliminary_after_years AS {nameof(RegulationRow.PreliminaryAfterYears)}, r.review_note AS {nameof(RegulationRow.ReviewNote)},
               r.row_version AS {nameof(RegulationRow.RowVersion)}
        FROM regulations r
        JOIN agencies h ON h.id = r.review_first_host_agency_id
        WHERE r.id = @Id AND {Scope.RegulationVisible("r.id")};

        SELECT a.code AS {nameof(PartyRow.AgencyCode)}, a.name_vi AS {nameof(PartyRow.AgencyNameVi)}, a.name_en AS {nameof(PartyRow.AgencyNameEn)},
               u.id AS {nameof(PartyRow.UnitId)}, u.code AS {nameof(PartyRow.UnitCode)}, u.name_vi AS {nameof(PartyRow.UnitNameVi)},
               u.name_en AS {nameof(PartyRow.UnitNameEn)}, u.tier AS {nameof(PartyRow.UnitTier)}
        FROM regulation_parties rp
        JOIN agencies a ON a.id = rp.agency_id
        JOIN units u ON u.id = rp.standing_unit_id
        WHERE rp.regulation_id = @Id
        ORDER BY rp.ordinal;

        SELECT p.id AS {nameof(SignatoryDto.PersonId)}, p.person_key AS {nameof(SignatoryDto.PersonKey)}, p.full_name AS {nameof(SignatoryDto.FullName)},
               p.rank_vi AS {nameof(SignatoryDto.RankVi)}, p.rank_en AS {nameof(SignatoryDto.RankEn)},
               p.position_vi AS {nameof(SignatoryDto.PositionVi)}, p.position_en AS {nameof(SignatoryDto.PositionEn)},
               a.code AS {nameof(SignatoryDto.AgencyCode)}
        FROM regulation_signatories s
        JOIN persons p ON p.id = s.person_id
        JOIN agencies a ON a.id = p.agency_id
        WHERE s.regulation_id = @Id
        ORDER BY s.ordinal;

        SELECT v.id AS {nameof(VersionRefDto.Id)}, v.number AS {nameof(VersionRefDto.Number)},
               v.status AS {nameof(VersionRefDto.Status)}, v.effective_from AS {nameof(VersionRefDto.EffectiveFrom)}
        FROM regulation_versions v
        WHERE v.regulation_id = @Id
        ORDER BY CASE WHEN v.status = 'published' AND v.effective_from <= @Today THEN 0 ELSE 1 END, v.number DESC
        {dialect.Limit("1")};
        """;

    public const string Provisions = $"""
        SELECT akn_id AS {nameof(ProvisionRow.AknId)}, parent_akn_id AS {nameof(ProvisionRow.ParentAknId)},
               kind AS {nameof(ProvisionRow.Kind)}, num AS {nameof(ProvisionRow.Num)},
               heading_vi AS {nameof(ProvisionRow.HeadingVi)}, heading_en AS {nameof(ProvisionRow.HeadingEn)},
               text_vi AS {nameof(ProvisionRow.TextVi)}, text_en AS {nameof(ProvisionRow.TextEn)},
               is_summary AS {nameof(ProvisionRow.IsSummary)}
        FROM provisions
        WHERE version_id = @VersionId
        ORDER BY parent_akn_id, ordinal;
        """;
}

internal static class RegulationWritesSql
{
    /// <summary>
    /// The first statement of every write to a regulation or its text: a write that changes nothing but takes the
    /// regulation row's lock (SQLite: the database write lock) before anything is read, so concurrent writers to one
    /// regulation queue up instead of deciding on what another is about to change.
    /// </summary>
    public const string Lock = "UPDATE regulations SET row_version = row_version WHERE id = @RegulationId;";

    public const string CodeTaken = "SELECT COUNT(*) FROM regulations WHERE code = @Code AND id <> @Id;";

    public static string Persons(SqlDialect dialect) => $"""
        SELECT p.id AS {nameof(PersonRow.Id)}, p.person_key AS {nameof(PersonRow.PersonKey)}, a.code AS {nameof(PersonRow.AgencyCode)},
               p.active AS {nameof(PersonRow.Active)}
        FROM persons p
        JOIN agencies a ON a.id = p.agency_id
        WHERE {dialect.InList("p.person_key", "@Keys", "NVARCHAR(100)")};
        """;

    public static string InsertRegulation(SqlDialect dialect) => dialect.InsertReturningId(
        "regulations",
        "code, title_vi, title_en, signed_on, signed_at, status, review_annual_rotating, review_first_host_agency_id, review_month, "
            + "preliminary_after_years, review_note, is_demo, row_version, created_at, updated_at",
        "@Code, @TitleVi, @TitleEn, @SignedOn, @SignedAt, @Status, @AnnualRotating, @FirstHostAgencyId, @ReviewMonth, "
            + "@PreliminaryAfterYears, @ReviewNote, 0, 1, @Now, @Now");

    /// <summary>Optimistic concurrency: the row changes only if nobody changed it since the caller read it.</summary>
    public const string UpdateRegulation = """
        UPDATE regulations
        SET code = @Code, title_vi = @TitleVi, title_en = @TitleEn, signed_on = @SignedOn, signed_at = @SignedAt, status = @Status,
            review_annual_rotating = @AnnualRotating, review_first_host_agency_id = @FirstHostAgencyId, review_month = @ReviewMonth,
            preliminary_after_years = @PreliminaryAfterYears, review_note = @ReviewNote, row_version = row_version + 1, updated_at = @Now
        WHERE id = @Id AND row_version = @RowVersion;
        """;

    public const string DeleteParties = "DELETE FROM regulation_parties WHERE regulation_id = @Id;";

    public const string InsertParty = """
        INSERT INTO regulation_parties (regulation_id, agency_id, standing_unit_id, ordinal)
        VALUES (@RegulationId, @AgencyId, @StandingUnitId, @Ordinal);
        """;

    public const string DeleteSignatories = "DELETE FROM regulation_signatories WHERE regulation_id = @Id;";

    public const string InsertSignatory = """
        INSERT INTO regulation_signatories (regulation_id, person_id, ordinal)
        VALUES (@RegulationId, @PersonId, @Ordinal);
        """;
}
