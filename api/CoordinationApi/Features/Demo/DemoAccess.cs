using CoordinationApi.Features.Admin;
using CoordinationApi.Features.Auth;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;

namespace CoordinationApi.Features.Demo;

/// <summary>
/// Demo sign-ins when <c>Seed:Demo</c> is on: per agency one user per role, named <c>&lt;agency&gt;.&lt;role&gt;</c>,
/// and one API client per agency whose key is logged once, when it is created.
/// </summary>
internal static class DemoAccess
{
    public const string DefaultPassword = "Demo@2021!";

    /// <summary>Clearances as documented in the README: each agency has users below secret, and each has one at top-secret.</summary>
    public static readonly IReadOnlyDictionary<string, Clearance> Clearances = new Dictionary<string, Clearance>
    {
        ["mps.admin"] = Clearance.Secret,
        ["mps.coordinator"] = Clearance.TopSecret,
        ["mps.officer"] = Clearance.Secret,
        ["mps.viewer"] = Clearance.Unclassified,
        ["mps.auditor"] = Clearance.Confidential,
        ["mic.admin"] = Clearance.Secret,
        ["mic.coordinator"] = Clearance.Secret,
        ["mic.officer"] = Clearance.Confidential,
        ["mic.viewer"] = Clearance.Unclassified,
        ["mic.auditor"] = Clearance.TopSecret,
        ["mps.registry_admin"] = Clearance.Secret,
        ["mic.registry_admin"] = Clearance.Secret,
    };

    /// <summary>Officers act for a named unit; everyone else sits in their ministry's Office, the standing body.</summary>
    private static readonly Dictionary<string, string> OfficerUnits = new() { ["MPS"] = "MPS-A05", ["MIC"] = "MIC-ATTT" };

    private static readonly string[] ClientScopes =
        [Scopes.RegulationsRead, Scopes.TasksRead, Scopes.TasksWrite, Scopes.ReviewsRead, Scopes.Export];

    private static readonly Dictionary<string, string> PasswordHashes = [];

    public static async Task SeedUsersAsync(WriteScope write, DemoSeedFile seed, string password, DateTimeOffset now)
    {
        var (connection, transaction) = write;
        var existing = (await connection.QueryAsync<string>(DemoSql.DemoUsernames, transaction: transaction)).ToHashSet(StringComparer.Ordinal);
        var missing = (from party in seed.Regulation.Parties
                       from role in Roles.All
                       let username = $"{party.Agency.ToLowerInvariant()}.{role}"
                       where !existing.Contains(username)
                       select (party, role, username)).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // One hash for the shared demo password (PBKDF2 is slow on purpose; ten identical ones would only cost start-up time).
        string hash;
        lock (PasswordHashes)
        {
            if (!PasswordHashes.TryGetValue(password, out hash!))
            {
                PasswordHashes[password] = hash = AuthEndpoints.HashPassword("demo", password);
            }
        }

        var agencies = seed.Agencies.ToDictionary(a => a.Code);
        await connection.ExecuteAsync(DemoSql.InsertUser, missing.Select(m => new
        {
            Username = m.username,
            DisplayName = $"{char.ToUpperInvariant(m.role[0])}{m.role[1..]} ({agencies[m.party.Agency].NameEn})",
            m.party.Agency,
            Unit = m.role == Roles.Officer ? OfficerUnits.GetValueOrDefault(m.party.Agency, m.party.StandingUnit) : m.party.StandingUnit,
            Roles = m.role,
            Clearance = (int)Clearances.GetValueOrDefault(m.username, Clearance.Unclassified),
            PasswordHash = hash,
            SecurityStamp = CurrentAuthority.NewStamp(),
            Now = now,
        }), transaction);
    }

    /// <summary>
    /// Gives every demo user an address for notification mail (also those seeded before users had addresses), unless an
    /// admin set one; no mail leaves the API until <c>Mail:Host</c> names a relay.
    /// </summary>
    public static async Task SeedEmailsAsync(WriteScope write, DemoSeedFile seed) =>
        await write.Connection.ExecuteAsync(DemoSql.SetDemoEmail, (from party in seed.Regulation.Parties
                                                                  from role in Roles.All
                                                                  let username = $"{party.Agency.ToLowerInvariant()}.{role}"
                                                                  select new { Username = username, Email = DemoEmail(username, party.Agency) }).ToList(),
            write.Transaction);

    /// <summary><c>&lt;username&gt;@demo.&lt;agency&gt;.gov.vn</c>: a demo address, under a "demo" subdomain no real mailbox uses.</summary>
    public static string DemoEmail(string username, string agency) => $"{username}@demo.{agency.ToLowerInvariant()}.gov.vn";

    /// <summary>Creates the demo client of each party that has none; returns the new keys so the caller can log them once.</summary>
    public static async Task<List<(string Name, string Key)>> SeedClientsAsync(WriteScope write, DemoSeedFile seed, DateTimeOffset now)
    {
        var (connection, transaction) = write;
        var created = new List<(string, string)>();
        foreach (var party in seed.Regulation.Parties)
        {
            var agencyId = await connection.ExecuteScalarAsync<int>(DemoSql.AgencyId, new { Code = party.Agency }, transaction);
            if (await connection.ExecuteScalarAsync<int>(DemoSql.DemoClientCount, new { AgencyId = agencyId }, transaction) > 0)
            {
                continue;
            }

            var name = $"{party.Agency} agency system (demo)";
            var (_, key) = await AdminEndpoints.InsertApiClientAsync(connection, transaction, agencyId, name, ClientScopes,
                Clearance.Confidential, "system", isDemo: true, now);
            created.Add((name, key));
        }

        return created;
    }
}
