namespace CoordinationApi.Tests.Features.Search;

/// <summary>A task to create in a regulation, with the titles and descriptions a search test needs.</summary>
internal static class SearchTaskBodies
{
    public static object Task(
        int regulationId, string titleVi, string titleEn, string descriptionVi, string descriptionEn, string classification = "unclassified",
        string cite = "chp_2__art_4__para_1") => new
        {
            regulationId,
            titleVi,
            titleEn,
            descriptionVi,
            descriptionEn,
            citations = new[] { new { aknId = cite, versionId = (int?)null } },
            leadUnitCode = "MPS-A05",
            counterpartUnitCodes = new[] { "MIC-ATTT" },
            contacts = Array.Empty<object>(),
            classification,
            kind = "one_off",
            recurrence = (string?)null,
            planYear = 2026,
            startDate = "2026-01-10",
            dueDate = "2026-12-20",
            priority = "normal",
        };
}
