using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Robustness;

/// <summary>
/// <c>--backup</c> and <c>--restore</c> run <see cref="DatabaseBackup"/>; these tests call it as the commands do, against
/// an API that keeps serving. SQLite only: SQL Server is backed up with its own tools.
/// </summary>
public sealed class BackupRestoreTests() : ApiTest("Sqlite")
{
    /// <summary>Tasks the writers of these tests created that lack their history, counterparts or audit entry, or audit entries without their task.</summary>
    private const string HalfWritten = """
        SELECT (SELECT count(*) FROM tasks t
                WHERE t.title_en LIKE 'Written %'
                  AND (NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.action = 'task.create' AND a.entity_id = CAST(t.id AS TEXT))
                       OR NOT EXISTS (SELECT 1 FROM task_history h WHERE h.task_id = t.id)
                       OR NOT EXISTS (SELECT 1 FROM task_counterparts c WHERE c.task_id = t.id)))
             + (SELECT count(*) FROM audit_entries a
                WHERE a.action = 'task.create' AND NOT EXISTS (SELECT 1 FROM tasks t WHERE CAST(t.id AS TEXT) = a.entity_id));
        """;

    private DatabaseBackup Backup => Factory.Services.GetRequiredService<DatabaseBackup>();

    private CoordinationApi.Infrastructure.Audit.AuditTrail ChainAudit => Factory.Services.GetRequiredService<CoordinationApi.Infrastructure.Audit.AuditTrail>();

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(Factory.DataDirectory, name, Guid.NewGuid().ToString("N"))).FullName;

    [Test]
    public async Task A_backup_of_the_running_API_restored_elsewhere_holds_what_came_before_it_and_nothing_after()
    {
        var coordinator = As("mps.coordinator");
        var before = await CreateTask(coordinator, "Written before the backup");
        var file = Path.Combine(Folder("backups"), "coordination.db");

        var backup = await Backup.BackupAsync(file, overwrite: false);
        var after = await CreateTask(coordinator, "Written after the backup");

        var scripts = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "database", "sqlite"), "*.sql").Length;
        Assert.Multiple(() =>
        {
            Assert.That(backup.Path, Is.EqualTo(file));
            Assert.That(backup.Bytes, Is.EqualTo(new FileInfo(file).Length).And.GreaterThan(0));
            Assert.That(backup.Tables, Is.GreaterThanOrEqualTo(20));
            Assert.That(backup.Tasks, Is.GreaterThan(0));
            Assert.That(backup.Migrations, Is.EqualTo(scripts));
            Assert.That(backup.AuditHeadId, Is.GreaterThan(0));
            Assert.That(backup.AuditHeadHash, Does.Match("^[0-9a-f]{64}$"));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(file)!), Is.EqualTo(new[] { file }), "no partial file or sidecar is left beside the backup");
        });
        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Backup.BackupAsync(file, overwrite: false));
        Assert.That(refused!.Message, Does.Contain("--force"));

        var target = Path.Combine(Folder("restored"), "coordination.db");
        var outcome = await new DatabaseBackup(OptionsFor(target), TimeProvider.System, ChainAudit).RestoreAsync(file);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.PreviousKeptAs, Is.Null, "there was no database there to keep");
            Assert.That(outcome.Restored.Path, Is.EqualTo(target));
            Assert.That(outcome.Restored.AuditHeadId, Is.EqualTo(backup.AuditHeadId));
            Assert.That(outcome.Restored.AuditHeadHash, Is.EqualTo(backup.AuditHeadHash));
            Assert.That(outcome.Restored.Tasks, Is.EqualTo(backup.Tasks));
        });

        using var restored = Restarted.On(target);
        using var client = await Restarted.SignedIn(restored, "mps.coordinator");
        var beforeResponse = await client.GetAsync(new Uri($"/api/v1/tasks/{before}", UriKind.Relative));
        var afterResponse = await client.GetAsync(new Uri($"/api/v1/tasks/{after}", UriKind.Relative));
        Assert.Multiple(() =>
        {
            Assert.That(beforeResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the task written before the backup is there");
            Assert.That(afterResponse.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the task written after it is not");
        });
        await Restarted.AssertAuditVerifies(restored);
    }

    [Test]
    public async Task A_backup_taken_while_writes_are_in_flight_is_consistent()
    {
        var coordinator = As("mps.coordinator");
        using var stop = new CancellationTokenSource();
        var failures = new ConcurrentBag<string>();
        var written = 0;
        var writers = Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                using var response = await Post(coordinator, "/api/v1/tasks", NewTask(title: $"Written by writer {writer}, number {n}"));
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref written);
                }
                else
                {
                    failures.Add($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        })).ToList();

        var folder = Folder("backups");
        var backups = new List<BackupSummary>();
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(200);
            backups.Add(await Backup.BackupAsync(Path.Combine(folder, $"during-{i}.db"), overwrite: false));
        }

        await stop.CancelAsync();
        await Task.WhenAll(writers);

        Assert.That(failures, Is.Empty, () => ServerErrors());
        Assert.That(written, Is.GreaterThan(backups.Count), "writes went on while the backups ran");
        Assert.That(backups[^1].AuditHeadId, Is.GreaterThan(backups[0].AuditHeadId), "each backup is a later snapshot");
        foreach (var backup in backups)
        {
            // Integrity check, migrations journal, and the audit chain recomputed to the head: the checks a restore makes.
            var verified = await DatabaseBackup.VerifyAsync(backup.Path, ChainAudit);
            await using var connection = new SqliteConnection($"Data Source={backup.Path};Pooling=False");
            var halfWritten = await connection.ExecuteScalarAsync<int>(HalfWritten);
            Assert.Multiple(() =>
            {
                Assert.That(verified.AuditHeadId, Is.EqualTo(backup.AuditHeadId));
                Assert.That(halfWritten, Is.Zero, $"{backup.Path} holds half a write");
            });
        }
    }

    [Test]
    public async Task Restore_refuses_while_the_API_has_the_database_open_and_changes_nothing()
    {
        var backup = await Backup.BackupAsync(Path.Combine(Folder("backups"), "coordination.db"), overwrite: false);
        await GetJson<JsonElement>("/api/v1/tasks?limit=1");
        var options = Factory.Services.GetRequiredService<DatabaseOptions>();
        var live = new SqliteConnectionStringBuilder(options.ConnectionString).DataSource;
        var filesBefore = Directory.GetFiles(Path.GetDirectoryName(live)!);

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => new DatabaseBackup(options, TimeProvider.System, ChainAudit).RestoreAsync(backup.Path));

        Assert.That(refused!.Message, Does.Contain("is in use").And.Contain("Stop the API"));
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(live)!), Is.EquivalentTo(filesBefore), "nothing was moved, kept or left behind");
        await CreateTask(As("mps.coordinator"), "Written after a refused restore");
        await Restarted.AssertAuditVerifies(Factory);
    }

    [Test]
    public async Task Restore_refuses_a_backup_whose_audit_chain_was_altered_and_replaces_nothing()
    {
        var backup = await Backup.BackupAsync(Path.Combine(Folder("backups"), "coordination.db"), overwrite: false);
        await using (var connection = new SqliteConnection($"Data Source={backup.Path};Pooling=False"))
        {
            await connection.ExecuteAsync("UPDATE audit_entries SET actor_name = 'someone else' WHERE id = 2;");
        }

        var folder = Folder("restored");
        var target = Path.Combine(folder, "coordination.db");
        await File.WriteAllTextAsync(target, "the database in place, which must survive a refused restore");

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => new DatabaseBackup(OptionsFor(target), TimeProvider.System, ChainAudit).RestoreAsync(backup.Path));

        Assert.That(refused!.Message, Does.Contain($"audit chain of {backup.Path}").And.Contain("Entry 2"));
        Assert.That(Directory.GetFiles(folder), Is.EqualTo(new[] { target }), "nothing was moved, kept or left behind");
        Assert.That(await File.ReadAllTextAsync(target), Does.StartWith("the database in place"));
    }

    [Test]
    public async Task Restore_refuses_a_file_that_is_not_a_database()
    {
        var notABackup = Path.Combine(Folder("backups"), "notes.txt");
        await File.WriteAllTextAsync(notABackup, "not a database at all");
        var folder = Folder("restored");

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(
            () => new DatabaseBackup(OptionsFor(Path.Combine(folder, "coordination.db")), TimeProvider.System, ChainAudit).RestoreAsync(notABackup));

        Assert.That(refused!.Message, Does.StartWith($"{notABackup} cannot be read"));
        Assert.That(Directory.GetFiles(folder), Is.Empty, "nothing was left behind");
    }

    [Test]
    public async Task Restore_over_a_stopped_database_keeps_the_previous_file()
    {
        var backup = await Backup.BackupAsync(Path.Combine(Folder("backups"), "coordination.db"), overwrite: false);
        var folder = Folder("restored");
        var target = Path.Combine(folder, "coordination.db");
        File.Copy(backup.Path, target);
        await File.WriteAllTextAsync(target + "-wal", "a stale log that must not be replayed onto the restored file");

        var outcome = await new DatabaseBackup(OptionsFor(target), new FixedClock(new DateTimeOffset(2026, 11, 30, 20, 15, 0, TimeSpan.Zero)), ChainAudit).RestoreAsync(backup.Path);

        Assert.That(outcome.PreviousKeptAs, Is.EqualTo($"{target}.before-restore-20261130T201500Z"));
        Assert.That(Directory.GetFiles(folder).Where(f => f.StartsWith(target + "-", StringComparison.Ordinal)), Is.Empty,
            "no -wal or -shm is left beside the restored file");
        Assert.That(File.Exists(outcome.PreviousKeptAs), Is.True);
        Assert.That((await DatabaseBackup.VerifyAsync(target, ChainAudit)).AuditHeadHash, Is.EqualTo(backup.AuditHeadHash));
    }

    [Test]
    public async Task Restore_replaces_a_database_SQLite_cannot_read_and_keeps_it_aside()
    {
        var backup = await Backup.BackupAsync(Path.Combine(Folder("backups"), "coordination.db"), overwrite: false);
        var folder = Folder("restored");
        var target = Path.Combine(folder, "coordination.db");
        await File.WriteAllBytesAsync(target, [.. Enumerable.Repeat((byte)0x5A, 8192)]);
        await File.WriteAllTextAsync(target + "-wal", "the damaged database's log, which may hold its last commits");

        var outcome = await new DatabaseBackup(OptionsFor(target), TimeProvider.System, ChainAudit).RestoreAsync(backup.Path);

        Assert.That(outcome.PreviousKeptAs, Is.Not.Null);
        Assert.That(await File.ReadAllBytesAsync(outcome.PreviousKeptAs!), Has.Length.EqualTo(8192).And.All.EqualTo((byte)0x5A));
        Assert.That(await File.ReadAllTextAsync(outcome.PreviousKeptAs + "-wal"), Does.StartWith("the damaged database's log"), "kept with its database");
        Assert.That(File.Exists(target + "-wal"), Is.False, "not left to be replayed onto the restored file");
        Assert.That((await DatabaseBackup.VerifyAsync(target, ChainAudit)).AuditHeadHash, Is.EqualTo(backup.AuditHeadHash));
    }

    [Test]
    public async Task Backup_refuses_to_write_over_the_live_database()
    {
        var live = new SqliteConnectionStringBuilder(Factory.ConnectionString).DataSource;

        await Assert.ThrowsAsync<BackupRefusedException>(() => Backup.BackupAsync(live, overwrite: true));
        await Assert.ThrowsAsync<BackupRefusedException>(() => Backup.BackupAsync(live + "-wal", overwrite: true));
        await Restarted.AssertAuditVerifies(Factory);
    }

    private static async Task<int> CreateTask(HttpClient client, string title) =>
        (await Json(await Post(client, "/api/v1/tasks", NewTask(title: title)), HttpStatusCode.Created)).GetProperty("id").GetInt32();

    /// <summary>The options the API would read when configured with this file, resolved as at start-up.</summary>
    private static DatabaseOptions OptionsFor(string file) => DatabaseOptions.From(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DatabaseOptions.ConnectionStringName}"] = $"Data Source={file}",
        }).Build(),
        Path.GetDirectoryName(file)!);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
