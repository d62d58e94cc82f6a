using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Access;

/// <summary>
/// Records above a caller's clearance, and regulations their agency is not party to, do not exist for them:
/// not in lists, not by filter, not by id.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ClearanceAndScopeTests(string provider) : ApiTest(provider)
{
    private int foreignRegulationId;

    [OneTimeSetUp]
    public async Task AddRecordsOutOfReach()
    {
        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        var audit = Factory.Services.GetRequiredService<AuditTrail>();
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A third agency and a regulation between it and MIC only: MPS is not a party.
        var finance = new { NameVi = "Bộ Tài chính", NameEn = "Ministry of Finance" };
        await connection.ExecuteAsync("INSERT INTO agencies (code, name_vi, name_en) VALUES ('MOF', @NameVi, @NameEn);", finance, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO units (agency_id, parent_id, tier, code, name_vi, name_en)
            SELECT id, NULL, 'ministry', 'MOF', @NameVi, @NameEn FROM agencies WHERE code = 'MOF';
            """, finance, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO regulations (code, title_vi, title_en, signed_on, signed_at, status, review_annual_rotating, review_first_host_agency_id,
                                     review_month, preliminary_after_years, is_demo, row_version, created_at, updated_at)
            SELECT 'QC-MIC-MOF', @TitleVi, 'MIC–MOF coordination regulation', @SignedOn, @SignedAt, 'in_force', 1, id, 6, 5, 0, 1, @Now, @Now
            FROM agencies WHERE code = 'MIC';
            """, new { TitleVi = "Quy chế phối hợp MIC–MOF", SignedAt = "Hà Nội", SignedOn = new DateOnly(2023, 6, 1), Now = DateTimeOffset.UtcNow }, transaction);
        foreignRegulationId = await connection.ExecuteScalarAsync<int>("SELECT id FROM regulations WHERE code = 'QC-MIC-MOF';", transaction: transaction);
        await connection.ExecuteAsync("""
            INSERT INTO regulation_parties (regulation_id, agency_id, standing_unit_id, ordinal)
            SELECT @Id, a.id, u.id, a.id FROM agencies a JOIN units u ON u.code = CASE a.code WHEN 'MIC' THEN 'MIC-VP' ELSE 'MOF' END
            WHERE a.code IN ('MIC', 'MOF');
            """, new { Id = foreignRegulationId }, transaction);
        // Audit entries about a secret record of the shared regulation, and about the regulation MPS is not party to.
        await audit.AppendAsync(connection, transaction, AuditActor.System,
            new AuditEvent("task.update", "task", "secret-probe", After: new { title = "secret" }, Classification: Clearance.Secret, RegulationId: 1));
        await audit.AppendAsync(connection, transaction, AuditActor.System,
            new AuditEvent("regulation.update", "regulation", "foreign-probe", RegulationId: foreignRegulationId));
        await transaction.CommitAsync();
    }

    [Test]
    public async Task A_regulation_without_the_callers_agency_is_absent_from_the_list_and_404_by_id()
    {
        var list = await GetJson<JsonElement>(As("mps.coordinator"), "/api/v1/regulations");
        var response = await As("mps.coordinator").GetAsync(new Uri($"/api/v1/regulations/{foreignRegulationId}", UriKind.Relative));

        Assert.That(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()), Is.EqualTo(new[] { "QC2021" }));
        await ProblemAssert.IsProblem(response, HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_party_sees_it()
    {
        var list = await GetJson<JsonElement>(As("mic.viewer"), "/api/v1/regulations");
        var detail = await GetJson<JsonElement>(As("mic.viewer"), $"/api/v1/regulations/{foreignRegulationId}");

        Assert.That(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("code").GetString()), Is.EquivalentTo(new[] { "QC2021", "QC-MIC-MOF" }));
        Assert.That(detail.GetProperty("code").GetString(), Is.EqualTo("QC-MIC-MOF"));
    }

    [Test]
    public async Task A_confidential_auditor_never_sees_the_secret_audit_entry()
    {
        var all = await GetJson<JsonElement>(As("mps.auditor"), "/api/v1/audit?limit=200");
        var filtered = await GetJson<JsonElement>(As("mps.auditor"), "/api/v1/audit?entityId=secret-probe");

        Assert.That(EntityIds(all), Does.Not.Contain("secret-probe"));
        Assert.That(filtered.GetProperty("items").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task A_top_secret_auditor_of_a_party_sees_both()
    {
        var entries = EntityIds(await GetJson<JsonElement>(As("mic.auditor"), "/api/v1/audit?limit=200"));

        Assert.That(entries, Does.Contain("secret-probe").And.Contain("foreign-probe"));
    }

    [Test]
    public async Task An_audit_entry_about_another_agencys_regulation_is_absent_for_mps()
    {
        var entries = EntityIds(await GetJson<JsonElement>(As("mps.admin"), "/api/v1/audit?limit=200"));

        Assert.That(entries, Does.Not.Contain("foreign-probe"));
        Assert.That(entries, Does.Contain("secret-probe"), "mps.admin is cleared for secret");
    }

    [Test]
    public async Task An_agency_system_is_held_to_its_clearance_too()
    {
        var key = await CreateApiKey("mic.admin", "confidential", Scopes.AuditRead);

        var entries = EntityIds(await GetJson<JsonElement>(WithApiKey(key), "/api/v1/audit?limit=200"));

        Assert.That(entries, Does.Not.Contain("secret-probe"));
        Assert.That(entries, Does.Contain("foreign-probe"));
    }

    private static List<string?> EntityIds(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("entityId").GetString())];
}
