using System.Text.Json;
using CoordinationApi.Features.Notifications;
using CoordinationApi.Features.Search;
using CoordinationApi.Features.Webhooks;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Events;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Demo;

/// <summary>
/// Loads the built-in demo data (the MPS–MIC regulation of 2021) when <c>Seed:Demo</c> is on.
/// Every insert is keyed by a natural code, so running it again changes nothing.
/// </summary>
public sealed class DemoSeeder(
    WriteScopes writes, DbConnectionFactory db, AuditTrail audit, OutboxSignal outbox, ReferenceData reference, Cursors cursors, TimeProvider clock,
    IConfiguration configuration, ILogger<DemoSeeder> logger)
{
    public const string PasswordKey = "Seed:DemoPassword";

    /// <summary>The one log event that carries a secret: a demo API key, logged when it is created.</summary>
    public static readonly EventId DemoKeyCreated = new(9001, nameof(DemoKeyCreated));

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var seed = Load();
        List<(string Name, string Key)> keys;
        await using (var write = await writes.BeginAsync(AuditActor.System, cancellationToken))
        {
            await SeedReferenceDataAsync(write, seed);
            await SeedRegulationAsync(write, seed.Regulation);
            var now = clock.GetUtcNow();
            await DemoAccess.SeedUsersAsync(write, seed, configuration[PasswordKey] ?? DemoAccess.DefaultPassword, now);
            await DemoAccess.SeedEmailsAsync(write, seed);
            keys = await DemoAccess.SeedClientsAsync(write, seed, now);
            await DemoTasks.SeedAsync(write, seed.Regulation.Code);
            await DemoReviews.SeedAsync(write, seed, now);
            // Indexed for search in the seed's own transaction, as every write indexes what it writes.
            await SearchIndex.IndexMissingProvisionsAsync(write);
            await SearchIndex.IndexTasksAsync(write);

            await write.CommitAsync();
        }

        // Then (the seed's write ended, its writer lock released) the reviews of 2022–2025 are evaluated and concluded, one
        // write per step as through the API.
        long beforeHistory;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            beforeHistory = await EventOutbox.LastIdAsync(connection, null);
        }

        // That history happened before the register was used: its events are recorded, but nobody is notified of them now
        // (no bell full of 2022's conclusions, no mail or webhook delivery of them). On later starts there is none to conclude.
        if (await DemoReviews.ConcludeHistoryAsync(db, audit, outbox, reference, cursors, clock, seed, cancellationToken))
        {
            await using var write = await writes.BeginAsync(AuditActor.System, cancellationToken);
            await EventOutbox.SkipRecordedAsync(write, [NotificationFanOut.Consumer, WebhookWorker.Consumer], beforeHistory);
            await write.CommitAsync();
        }

        logger.LogInformation("Demo data present: regulation {Code}, demo users <agency>.<role>", seed.Regulation.Code);
        foreach (var (name, key) in keys)
        {
            // Shown once, on creation, so a developer can try the API as an agency system; only its hash is stored.
            logger.LogWarning(DemoKeyCreated, "Demo API client '{Client}' created. Its key, shown only now: {ApiKey}", name, key);
        }
    }

    internal static DemoSeedFile Load()
    {
        using var stream = typeof(DemoSeeder).Assembly.GetManifestResourceStream("Seed.demo-seed.json")
            ?? throw new InvalidOperationException("The demo seed is not embedded in the assembly.");
        return JsonSerializer.Deserialize<DemoSeedFile>(stream, JsonOptions)
            ?? throw new InvalidOperationException("The demo seed is empty.");
    }

    private static async Task SeedReferenceDataAsync(WriteScope write, DemoSeedFile seed)
    {
        var (connection, transaction) = write;
        await connection.ExecuteAsync(DemoSql.InsertAgency, seed.Agencies, transaction);
        await connection.ExecuteAsync(DemoSql.InsertUnit, ParentsFirst(seed.Units), transaction);
        await connection.ExecuteAsync(DemoSql.InsertPerson, seed.Persons.Select(p => new
        {
            p.Key, p.FullName, p.RankVi, p.RankEn, p.PositionVi, p.PositionEn, p.Agency, p.Unit, NameFolded = TextFolding.Fold(p.FullName),
        }), transaction);
    }

    private async Task SeedRegulationAsync(WriteScope write, SeedRegulation regulation)
    {
        var (connection, transaction, dialect) = (ReadScope)write;
        var now = clock.GetUtcNow();
        var policy = regulation.ReviewPolicy;
        await connection.ExecuteAsync(DemoSql.InsertRegulation, new
        {
            regulation.Code, regulation.TitleVi, regulation.TitleEn, regulation.SignedOn, regulation.SignedAt,
            regulation.Status, policy.AnnualRotating, policy.FirstHost, policy.ReviewMonth,
            policy.PreliminaryAfterYears, policy.Note, Now = now,
        }, transaction);
        var regulationId = await connection.ExecuteScalarAsync<int>(DemoSql.RegulationId, new { regulation.Code }, transaction);

        await connection.ExecuteAsync(DemoSql.InsertParty, regulation.Parties.Select((party, index) => new
        {
            RegulationId = regulationId, party.Agency, party.StandingUnit, Ordinal = index + 1,
        }), transaction);
        await connection.ExecuteAsync(DemoSql.InsertSignatory, regulation.Signatories.Select((key, index) => new
        {
            RegulationId = regulationId, Key = key, Ordinal = index + 1,
        }), transaction);

        if (await connection.ExecuteScalarAsync<int>(DemoSql.CountVersions, new { RegulationId = regulationId }, transaction) > 0)
        {
            return;
        }

        var versionId = await connection.ExecuteScalarAsync<int>(
            DemoSql.InsertFirstVersion(dialect),
            new { RegulationId = regulationId, regulation.Version.EffectiveFrom, regulation.Version.Note, Now = now },
            transaction);
        await connection.ExecuteAsync(DemoSql.InsertProvision, Flatten(regulation.Version.Provisions, null)
            .Select(p => new
            {
                VersionId = versionId, p.Provision.AknId, p.ParentAknId, p.Provision.Kind, p.Ordinal, p.Provision.Num,
                p.Provision.HeadingVi, p.Provision.HeadingEn, p.Provision.TextVi, p.Provision.TextEn, p.Provision.IsSummary,
            }), transaction);
    }

    private static IEnumerable<(SeedProvision Provision, string? ParentAknId, int Ordinal)> Flatten(
        List<SeedProvision> provisions, string? parentAknId)
    {
        for (var i = 0; i < provisions.Count; i++)
        {
            var provision = provisions[i];
            yield return (provision, parentAknId, i + 1);
            foreach (var child in Flatten(provision.Children ?? [], provision.AknId))
            {
                yield return child;
            }
        }
    }

    private static List<SeedUnit> ParentsFirst(List<SeedUnit> units)
    {
        var byCode = units.ToDictionary(u => u.Code);
        var ordered = new List<SeedUnit>(units.Count);
        var placed = new HashSet<string>();
        void Place(SeedUnit unit)
        {
            if (!placed.Add(unit.Code))
            {
                return;
            }

            if (unit.Parent is not null && byCode.TryGetValue(unit.Parent, out var parent))
            {
                Place(parent);
            }

            ordered.Add(unit);
        }

        units.ForEach(Place);
        return ordered;
    }
}
