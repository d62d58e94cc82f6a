using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// The limits and settings where SQL Server differs from SQLite (issue 15), each shown on every provider: SQLite proves
/// the behaviour the code relies on, SQL Server (where configured) that the migrations give it there too.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class DatabaseLimitsTests(string provider) : ApiTest(provider)
{
    [Test]
    public async Task A_list_of_ids_is_one_parameter_however_long()
    {
        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync();
        var taskIds = (await connection.QueryAsync<int>("SELECT DISTINCT task_id FROM task_counterparts")).ToList();
        Assume.That(taskIds, Is.Not.Empty, "the demo data has tasks with counterparts");

        // Far past SQL Server's 2,100 parameters (and SQLite's 32,766 variables), as a whole plan year's tasks can be.
        var ids = taskIds.Concat(Enumerable.Range(10_000_000, 40_000)).ToList();
        var rows = (await connection.QueryAsync<CounterpartCodeRow>(TasksSql.CounterpartCodes(db.Dialect), new { Ids = SqlDialect.JsonList(ids) })).ToList();

        Assert.That(rows.Select(r => r.TaskId).Distinct(), Is.EquivalentTo(taskIds));
    }

    /// <summary>Codes and AKN ids compare as the code compares them (ordinal): case-distinct, '_' after the digits.</summary>
    [Test]
    public async Task Codes_are_ordered_and_kept_apart_ordinally()
    {
        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        string[] codes = ["para_1__point_a", "para_10", "qa-x", "QA-X"];
        foreach (var code in codes)
        {
            // Two codes differing in case would collide on uq_agencies_code under a case-insensitive collation.
            await connection.ExecuteAsync("INSERT INTO agencies (code, name_vi, name_en) VALUES (@Code, @Code, @Code);", new { Code = code }, transaction);
        }

        var ordered = (await connection.QueryAsync<string>(
            "SELECT code FROM agencies WHERE code IN (@A, @B, @C, @D) ORDER BY code;",
            new { A = codes[0], B = codes[1], C = codes[2], D = codes[3] }, transaction)).ToList();
        await transaction.RollbackAsync();

        Assert.That(ordered, Is.EqualTo(codes.Order(StringComparer.Ordinal).ToList()));
    }

    [Test]
    public async Task Sql_server_reads_committed_row_versions()
    {
        if (Factory.Provider != DatabaseProvider.SqlServer)
        {
            Assert.Ignore("SQL Server only: SQLite's readers never wait for its writer (write-ahead log).");
        }

        var db = Factory.Services.GetRequiredService<DbConnectionFactory>();
        await using var connection = await db.OpenAsync();

        Assert.That(await connection.ExecuteScalarAsync<bool>(
            "SELECT is_read_committed_snapshot_on FROM sys.databases WHERE database_id = DB_ID();"), Is.True);
    }
}
