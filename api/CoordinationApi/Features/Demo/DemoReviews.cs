using CoordinationApi.Features.Reviews;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Demo;

/// <summary>
/// The demo's review schedule, generated from the policy (annual reviews 2022–2026 hosted in turn from MPS — the signing
/// report does not say who hosts first, so the demo chooses MPS — and the preliminary review in 2026), with the state it
/// would have today: 2022–2025 held, awaiting evaluation; 2026 scheduled for December. The recognitions of the signing.
/// </summary>
internal static class DemoReviews
{
    public static async Task SeedAsync(WriteScope write, DemoSeedFile seed, DateTimeOffset now)
    {
        var (connection, transaction) = write;
        var regulationId = await connection.ExecuteScalarAsync<int>(DemoSql.RegulationId, new { seed.Regulation.Code }, transaction);
        var firstParty = seed.Regulation.Parties[0].Agency;
        var agencyId = await connection.ExecuteScalarAsync<int>(DemoSql.AgencyId, new { Code = firstParty }, transaction);
        var seeder = new Caller
        {
            Kind = CallerKind.System, Id = "system", Name = "system", DisplayName = "system", AgencyId = agencyId, AgencyCode = firstParty,
            Roles = new HashSet<string>(), Scopes = new HashSet<string>(), Clearance = Clearance.TopSecret,
        };
        await ReviewSchedule.GenerateAsync(write, seeder, regulationId, now);

        var hosts = (await connection.QueryAsync<(string Kind, int Year, string HostCode)>(DemoSql.ReviewHosts, new { RegulationId = regulationId }, transaction))
            .ToDictionary(h => (h.Kind, h.Year), h => h.HostCode);
        foreach (var ((kind, year), host) in hosts)
        {
            var held = year < 2026;
            await connection.ExecuteAsync(DemoSql.StageReview, new
            {
                RegulationId = regulationId, Kind = kind, Year = year,
                Status = held ? ReviewStatuses.Held : ReviewStatuses.Scheduled,
                ScheduledOn = held ? new DateOnly(year, 11, 24) : new DateOnly(2026, 12, 15),
                Venue = host == "MPS" ? "Trụ sở Bộ Công an, 44 Yết Kiêu, Hà Nội" : "Trụ sở Bộ Thông tin và Truyền thông, 18 Nguyễn Du, Hà Nội",
                Chairs = "Lãnh đạo Bộ Công an và Bộ Thông tin và Truyền thông (minh họa / illustrative)",
                Attendees = held ? "Văn phòng hai Bộ và các đơn vị chủ trì nhiệm vụ (minh họa / illustrative)" : null,
                Minutes = held ? $"Biên bản minh họa: hai Bộ đánh giá kết quả phối hợp năm {year} và thống nhất kế hoạch năm {year + 1}. (Illustrative minutes, not an official record.)" : null,
                Now = now,
            }, transaction);
        }

        await connection.ExecuteAsync(DemoSql.InsertRecognition, seed.Recognitions.Select(r => new
        {
            r.AwardVi, r.AwardEn, r.AwardingAgency, r.Recipient, r.AwardedOn, r.OccasionVi, r.OccasionEn, RegulationCode = seed.Regulation.Code, Now = now,
        }), transaction);
    }
}
