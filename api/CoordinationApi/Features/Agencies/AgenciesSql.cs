namespace CoordinationApi.Features.Agencies;

internal static class AgenciesSql
{
    public const string List = $"""
        SELECT code AS {nameof(AgencyDto.Code)}, name_vi AS {nameof(AgencyDto.NameVi)}, name_en AS {nameof(AgencyDto.NameEn)}, active AS {nameof(AgencyDto.Active)}
        FROM agencies
        ORDER BY code;
        """;

    public const string AgencyExists = "SELECT COUNT(*) FROM agencies WHERE code = @Code;";

    public const string Units = $"""
        SELECT u.id AS {nameof(UnitRow.Id)}, p.id AS {nameof(UnitRow.ParentId)}, u.code AS {nameof(UnitRow.Code)},
               u.name_vi AS {nameof(UnitRow.NameVi)}, u.name_en AS {nameof(UnitRow.NameEn)}, u.tier AS {nameof(UnitRow.Tier)}, u.active AS {nameof(UnitRow.Active)}
        FROM units u
        JOIN agencies a ON a.id = u.agency_id
        LEFT JOIN units p ON p.id = u.parent_id
        WHERE a.code = @Code
        ORDER BY u.code;
        """;
}
