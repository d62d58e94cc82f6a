using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CoordinationApi.Infrastructure.Audit;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Audit;

/// <summary>Who sees which entries of the trail (issue 14, class 4).</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AuditVisibilityTests(string provider) : ApiTest(provider)
{
    [OneTimeSetUp]
    public async Task AdministerBothAgencies()
    {
        foreach (var (admin, unit) in new[] { ("mps.admin", "MPS-VP"), ("mic.admin", "MIC-VP") })
        {
            var username = $"{admin.Split('.')[0]}.probe";
            var created = await As(admin).PostAsJsonAsync(new Uri("/api/v1/admin/users", UriKind.Relative),
                new { username, displayName = $"Probe {username}", unitCode = unit, roles = new[] { "viewer" }, clearance = "unclassified", password = "Password1-probe" });
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created), await created.Content.ReadAsStringAsync());
            await SignIn(username, "Password1-probe");
            await CreateApiKey(admin, "unclassified", Scopes.TasksRead);
            await Anonymous.PostAsJsonAsync(new Uri("/api/v1/auth/sign-in", UriKind.Relative), new { username, password = "wrong-password" });
        }
    }

    [TestCase("mic.auditor", "MPS")]
    [TestCase("mic.admin", "MPS")]
    [TestCase("mps.auditor", "MIC")]
    [TestCase("mps.admin", "MIC")]
    public async Task Another_agencys_administration_and_sign_ins_are_absent_from_the_list_and_the_export(string caller, string other)
    {
        // Every entry of the other agency's own administration (no regulation), whatever its action: users, API clients, sign-ins.
        var theirs = await Ids("""
            SELECT e.id FROM audit_entries e JOIN agencies a ON a.id = e.agency_id WHERE e.regulation_id IS NULL AND a.code = @Agency
            """, other);
        var ours = await Ids("""
            SELECT e.id FROM audit_entries e JOIN agencies a ON a.id = e.agency_id
            WHERE e.regulation_id IS NULL AND a.code <> @Agency AND e.classification <= 1 AND e.id <= (SELECT MAX(id) FROM audit_entries)
            """, other);
        Assert.That(theirs, Has.Count.GreaterThanOrEqualTo(4), "user creation, sign-in, failed sign-in and API client of the other agency");

        var seen = await ListedIds(As(caller));
        var export = await As(caller).GetAsync(new Uri("/api/v1/exports/audit?format=jsonl", UriKind.Relative));
        var exported = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.TryGetProperty("id", out _)).Select(e => e.GetProperty("id").GetInt64()).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(seen.Intersect(theirs), Is.Empty, $"{caller} sees {other}'s administration in the list");
            Assert.That(exported.Intersect(theirs), Is.Empty, $"{caller} sees {other}'s administration in the export");
            Assert.That(ours.Where(id => id < seen.Max()), Is.SubsetOf(seen), $"{caller} sees their own agency's administration");
        });
    }

    private async Task<HashSet<long>> ListedIds(HttpClient client)
    {
        var ids = new HashSet<long>();
        string? cursor = null;
        do
        {
            var page = await GetJson<JsonElement>(client, "/api/v1/audit?limit=200" + (cursor is null ? "" : $"&cursor={cursor}"));
            ids.UnionWith(page.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return ids;
    }

    private async Task<HashSet<long>> Ids(string sql, string agency)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        return [.. await connection.QueryAsync<long>(sql, new { Agency = agency })];
    }
}

/// <summary>
/// Tamper evidence outside the database (class 8): an intruder who can write the database rewrites the chain consistently,
/// recomputing every later SHA-256 as the old chain allowed; the keyed chain and the checkpoints kept outside find it.
/// </summary>
public abstract class KeyedAuditChainTest(string provider) : ApiTest(provider)
{
    [OneTimeSetUp]
    public async Task WriteSomeHistory()
    {
        // Sign-ins: one entry each, besides whatever the seed left.
        foreach (var user in new[] { "mps.viewer", "mic.viewer", "mps.officer", "mic.officer", "mps.auditor", "mps.admin" })
        {
            await SignIn(user, DemoPassword);
        }

        Assert.That((await Verify()).GetProperty("valid").GetBoolean(), Is.True, "the untouched chain verifies");
    }

    protected async Task<JsonElement> Verify(string? checkpoint = null) =>
        await GetJson<JsonElement>(As("mic.auditor"), "/api/v1/audit/verify" + (checkpoint is null ? "" : $"?checkpoint={checkpoint}"));

    protected static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Edits one entry and recomputes it and every later entry with <paramref name="hash"/>, then moves the head: a consistent rewrite.</summary>
    private protected async Task Rewrite(long target, Func<AuditEntryRow, AuditEntryRow> edit, Func<AuditEntryRow, string> hash)
    {
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var rows = (await connection.QueryAsync<AuditEntryRow>(AuditChainSql.UpTo, new { HeadId = long.MaxValue })).Where(r => r.Id >= target).ToList();
        var prev = rows[0].PrevHash;
        foreach (var original in rows)
        {
            var row = (original.Id == target ? edit(original) : original) with { PrevHash = prev };
            row = row with { Hash = hash(row) };
            await connection.ExecuteAsync(
                "UPDATE audit_entries SET actor_name = @ActorName, client_ip = @ClientIp, prev_hash = @PrevHash, hash = @Hash WHERE id = @Id", row);
            prev = row.Hash;
        }

        await connection.ExecuteAsync("UPDATE audit_head SET last_hash = @Hash WHERE id = 1", new { Hash = prev });
    }
}

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RewrittenChainTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task A_consistent_rewrite_with_recomputed_sha256_hashes_is_found()
    {
        var target = await Scalar("SELECT MAX(id) - 3 FROM audit_entries");
        var audit = Factory.Services.GetRequiredService<AuditTrail>();

        // Without the key, the intruder's best: the old chain's plain SHA-256 over the same content.
        await Rewrite(target, row => row with { ActorName = "someone-else" }, row => audit.HashOf(row, keyedAfterId: long.MaxValue));

        var result = await Verify();
        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False, result.GetRawText());
        Assert.That(result.GetProperty("firstBrokenEntryId").GetInt64(), Is.EqualTo(target));
        Assert.That(result.GetProperty("reason").GetString(), Does.Contain("altered"));
    }
}

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class TruncatedChainTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task A_checkpoint_kept_outside_finds_a_truncation_that_leaves_a_consistent_chain()
    {
        var checkpoint = await Json(await As("mic.auditor").PostAsync(new Uri("/api/v1/audit/checkpoints", UriKind.Relative), null));
        var token = checkpoint.GetProperty("token").GetString()!;
        var head = checkpoint.GetProperty("headId").GetInt64();
        Assert.That((await Verify(token)).GetProperty("valid").GetBoolean(), Is.True, "the chain holds its checkpoint");

        // Cut the last three entries and move the head back: what is left is a consistent keyed chain.
        await Execute("DELETE FROM audit_entries WHERE id > @Keep", new { Keep = head - 3 });
        await Execute("UPDATE audit_head SET last_id = @Keep, last_hash = (SELECT hash FROM audit_entries WHERE id = @Keep) WHERE id = 1", new { Keep = head - 3 });

        Assert.That((await Verify()).GetProperty("valid").GetBoolean(), Is.True, "a truncated chain is consistent by itself");
        var result = await Verify(token);
        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False, result.GetRawText());
        Assert.That(result.GetProperty("reason").GetString(), Does.Contain("truncated"));
    }
}

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class RewrittenWithKeyChainTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task A_checkpoint_kept_outside_finds_a_rewrite_made_with_the_key()
    {
        await SignIn("mic.viewer", DemoPassword);
        var checkpoint = await Json(await As("mic.auditor").PostAsync(new Uri("/api/v1/audit/checkpoints", UriKind.Relative), null));
        var target = checkpoint.GetProperty("headId").GetInt64() - 1;
        var audit = Factory.Services.GetRequiredService<AuditTrail>();

        // Someone who also stole the chain key recomputes the MACs: the chain holds, the checkpoint does not.
        await Rewrite(target, row => row with { ClientIp = "10.9.9.9" }, row => audit.HashOf(row, keyedAfterId: 0));

        Assert.That((await Verify()).GetProperty("valid").GetBoolean(), Is.True);
        var result = await Verify(checkpoint.GetProperty("token").GetString()!);
        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False, result.GetRawText());
        Assert.That(result.GetProperty("reason").GetString(), Does.Contain("checkpoint"));
    }
}

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ForgedCheckpointTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task A_forged_checkpoint_is_refused_and_a_malformed_one_is_a_400()
    {
        var checkpoint = await Json(await As("mic.auditor").PostAsync(new Uri("/api/v1/audit/checkpoints", UriKind.Relative), null));
        var token = checkpoint.GetProperty("token").GetString()!;
        var parts = token.Split('.');
        var forged = $"{long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + 100}.{parts[1]}.{parts[2]}.{parts[3]}";

        var result = await Verify(forged);
        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False);
        Assert.That(result.GetProperty("reason").GetString(), Does.Contain("not signed"));
        await ProblemAssert.HasFieldErrors(await As("mic.auditor").GetAsync(new Uri("/api/v1/audit/verify?checkpoint=12.abc", UriKind.Relative)), "checkpoint");

        var listed = await GetJson<JsonElement>(As("mps.auditor"), "/api/v1/audit/checkpoints");
        Assert.That(listed.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("token").GetString()), Does.Contain(token));
    }
}

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class ConcurrentVerifyTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task Verify_never_reports_an_append_made_meanwhile_as_a_deletion()
    {
        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        var audit = Factory.Services.GetRequiredService<AuditTrail>();
        using var stop = new CancellationTokenSource();
        var appended = 0;
        var appending = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await using var connection = await db.OpenAsync();
                await using (await db.WriteLockAsync())
                {
                    await using var transaction = await connection.BeginTransactionAsync();
                    await audit.AppendAsync(connection, transaction, AuditActor.System, new AuditEvent("probe.append", "probe", "concurrent"));
                    await transaction.CommitAsync();
                }

                Interlocked.Increment(ref appended);
            }
        });

        var results = new List<JsonElement>();
        while (results.Count < 40 || Volatile.Read(ref appended) < 40)
        {
            results.Add(await Verify());
        }

        await stop.CancelAsync();
        await appending;
        Assert.That(results.Where(r => !r.GetProperty("valid").GetBoolean()).Select(r => r.GetRawText()), Is.Empty);
        Assert.That((await Verify()).GetProperty("entriesChecked").GetInt64(), Is.EqualTo(await Scalar("SELECT COUNT(*) FROM audit_entries")));
    }
}

/// <summary>
/// A chain written before the key (plain SHA-256, no seal) is sealed on the next start and keeps verifying; a consistent
/// rewrite of that older part is found too, because the seal pins its last hash under the key.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class UpgradedChainTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task A_chain_from_before_the_key_is_sealed_keeps_verifying_and_its_rewrite_is_found()
    {
        var audit = Factory.Services.GetRequiredService<AuditTrail>();
        // As the database was before 0010: every entry plain SHA-256, the head unsealed.
        await Rewrite(1, row => row, row => audit.HashOf(row, keyedAfterId: long.MaxValue));
        await Execute("UPDATE audit_head SET keyed_after_id = NULL, keyed_after_hash = NULL, keyed_seal = NULL WHERE id = 1", new { });
        var legacy = await Scalar("SELECT last_id FROM audit_head WHERE id = 1");
        Assert.That((await Verify()).GetProperty("reason").GetString(), Does.Contain("seal is missing"), "an unsealed chain with entries is not trusted");

        await audit.SealAsync(Factory.Services.GetRequiredService<WriteScopes>());
        await SignIn("mic.coordinator", DemoPassword);
        var sealedChain = await Verify();
        Assert.That(sealedChain.GetProperty("valid").GetBoolean(), Is.True, sealedChain.GetRawText());
        Assert.That(sealedChain.GetProperty("entriesChecked").GetInt64(), Is.GreaterThan(legacy), "old and new entries verify");

        // The intruder rewrites an old entry and recomputes every later hash: plain SHA-256 up to the seal, as before.
        await Rewrite(legacy - 1, row => row with { ActorName = "someone-else" }, row => audit.HashOf(row, keyedAfterId: legacy));
        var result = await Verify();
        Assert.That(result.GetProperty("valid").GetBoolean(), Is.False, result.GetRawText());
        Assert.That(result.GetProperty("firstBrokenEntryId").GetInt64(), Is.LessThanOrEqualTo(legacy + 1));
    }
}

/// <summary>Checkpoints are made automatically every <c>Audit:CheckpointEvery</c> entries.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AutomaticCheckpointTests(string provider) : ApiTest(provider, new Dictionary<string, string?> { ["Audit:CheckpointEvery"] = "7" })
{
    [Test]
    public async Task Every_seventh_entry_has_a_signed_checkpoint_that_verifies()
    {
        foreach (var user in new[] { "mps.viewer", "mic.viewer", "mps.officer", "mic.officer", "mps.coordinator", "mic.coordinator", "mps.auditor" })
        {
            await SignIn(user, DemoPassword);
        }

        var checkpoints = (await GetJson<JsonElement>(As("mic.auditor"), "/api/v1/audit/checkpoints?limit=200")).GetProperty("items").EnumerateArray().ToList();
        Assert.That(checkpoints, Is.Not.Empty);
        Assert.That(checkpoints.Select(c => c.GetProperty("headId").GetInt64() % 7), Is.All.EqualTo(0));
        foreach (var checkpoint in checkpoints.Take(3))
        {
            var result = await GetJson<JsonElement>(As("mic.auditor"), $"/api/v1/audit/verify?checkpoint={checkpoint.GetProperty("token").GetString()}");
            Assert.That(result.GetProperty("valid").GetBoolean(), Is.True, result.GetRawText());
        }
    }
}

/// <summary>A head row deleted from the database is reported as a broken chain, never answered with a 5xx (issue 14, class 1).</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class MissingHeadTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task A_deleted_head_is_reported_as_an_invalid_chain()
    {
        await Execute("DELETE FROM audit_head WHERE id = @Id", new { Id = 1 });
        var missing = await Verify();
        Assert.That(missing.GetProperty("valid").GetBoolean(), Is.False, missing.GetRawText());
        Assert.That(missing.GetProperty("firstBrokenEntryId").GetInt64(), Is.EqualTo(1));
        Assert.That(missing.GetProperty("reason").GetString(), Does.Contain("head is missing"));
    }
}

/// <summary>A head emptied in the database is reported as a damaged chain.</summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DamagedHeadTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task A_head_without_a_hash_is_reported_as_an_invalid_chain()
    {
        await Execute("UPDATE audit_head SET last_hash = @Hash WHERE id = 1", new { Hash = "" });
        var damaged = await Verify();
        Assert.That(damaged.GetProperty("valid").GetBoolean(), Is.False, damaged.GetRawText());
        Assert.That(damaged.GetProperty("reason").GetString(), Does.Contain("head is damaged"));
    }
}
