using System.Diagnostics;
using CoordinationApi.Features.Demo;
using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Infrastructure;

[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DataTests(string provider) : ApiTest(provider)
{
    private static readonly string[] Tables =
        ["agencies", "units", "persons", "regulations", "regulation_parties", "regulation_signatories", "regulation_versions", "provisions"];

    [Test]
    public void Migrations_are_current_after_start_and_applying_again_is_a_no_op()
    {
        var migrator = Factory.Services.GetRequiredService<DatabaseMigrator>();

        Assert.That(migrator.IsCurrent(), Is.True);
        migrator.Migrate();
        Assert.That(migrator.IsCurrent(), Is.True);
    }

    [Test]
    public async Task Seeding_again_changes_nothing()
    {
        var before = await CountRows();

        await Factory.Services.GetRequiredService<DemoSeeder>().SeedAsync();

        Assert.That(await CountRows(), Is.EqualTo(before));
        Assert.That(before["provisions"], Is.GreaterThan(13));
    }

    [Test]
    public async Task Guid_DateOnly_and_DateTimeOffset_round_trip()
    {
        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync();
        var guid = Guid.NewGuid();
        var date = new DateOnly(2021, 11, 24);
        var instant = new DateTimeOffset(2021, 11, 24, 15, 30, 0, TimeSpan.FromHours(7));

        var row = await connection.QuerySingleAsync<RoundTrip>("SELECT @Guid AS Guid, @Date AS Date, @Instant AS Instant", new { Guid = guid, Date = date, Instant = instant });

        Assert.Multiple(() =>
        {
            Assert.That(row.Guid, Is.EqualTo(guid));
            Assert.That(row.Date, Is.EqualTo(date));
            Assert.That(row.Instant, Is.EqualTo(instant));
        });
    }

    [Test]
    public async Task Sqlite_runs_in_write_ahead_log_mode()
    {
        if (Factory.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Ignore("SQLite only.");
        }

        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync();

        Assert.That(await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode;"), Is.EqualTo("wal"));
        Assert.That(await connection.ExecuteScalarAsync<int>("PRAGMA busy_timeout;"), Is.GreaterThan(0));
    }

    [Test]
    public async Task Sqlite_planner_statistics_exist_after_start()
    {
        if (Factory.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Ignore("SQLite only: SQL Server keeps its statistics itself.");
        }

        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync();

        // Without them the first page of the task list sorted every task of the regulation (1.2 s at a million tasks).
        Assert.That(await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'tasks';"), Is.GreaterThan(0));
    }

    [Test]
    public void The_migrate_switch_applies_the_schema_and_exits()
    {
        if (Factory.Provider != DatabaseProvider.Sqlite)
        {
            Assert.Ignore("Runs the built API as a process on a fresh SQLite file.");
        }

        var dll = typeof(Program).Assembly.Location;
        var apiDll = Path.Combine(RepositoryRoot.Path, "api", "CoordinationApi", "bin", Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dll)))!, "net10.0", "CoordinationApi.dll");
        var file = Path.Combine(Factory.DataDirectory, "migrate-only.db");
        var start = new ProcessStartInfo("dotnet", [apiDll, "--migrate"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Coordination"] = $"Data Source={file}",
                ["Database__Provider"] = "Sqlite",
                ["Seed__Demo"] = "false",
            },
        };

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "the process did not exit");
        Assert.That(process.ExitCode, Is.Zero, output.Result + process.StandardError.ReadToEnd());

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=false");
        Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'provisions'"), Is.EqualTo(1));
        Assert.That(connection.ExecuteScalar<int>("SELECT COUNT(*) FROM regulations"), Is.Zero, "Seed:Demo=false seeds nothing");
    }

    private async Task<Dictionary<string, int>> CountRows()
    {
        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync();
        var counts = new Dictionary<string, int>();
        foreach (var table in Tables)
        {
            counts[table] = await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table}");
        }

        return counts;
    }

    private sealed record RoundTrip
    {
        public Guid Guid { get; init; }

        public DateOnly Date { get; init; }

        public DateTimeOffset Instant { get; init; }
    }
}
