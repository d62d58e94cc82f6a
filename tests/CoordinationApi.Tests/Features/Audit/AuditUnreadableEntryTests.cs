using System.Net;
using System.Text.Json;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace CoordinationApi.Tests.Features.Audit;

/// <summary>
/// An entry whose column holds a value that cannot be read as the column's type (SQLite stores what it is given) is an
/// altered entry for <c>verify</c>, with and without a checkpoint: never a 500. Every column of audit_entries is corrupted
/// in turn, read from the database's own description of the table.
/// </summary>
[TestFixtureSource(typeof(Providers), nameof(Providers.All))]
public sealed class AuditUnreadableEntryTests(string provider) : KeyedAuditChainTest(provider)
{
    [Test]
    public async Task Every_column_holding_a_value_of_the_wrong_type_is_reported_as_an_altered_entry()
    {
        Assume.That(Provider, Is.EqualTo("Sqlite"), "SQL Server refuses a value of the wrong type when it is written");
        var checkpoint = await Json(await As("mic.auditor").PostAsync(new Uri("/api/v1/audit/checkpoints", UriKind.Relative), null));
        var token = checkpoint.GetProperty("token").GetString()!;
        var target = checkpoint.GetProperty("headId").GetInt64() - 2;
        await using var connection = await Factory.Services.GetRequiredService<DbConnectionFactory>().OpenAsync();
        var columns = (await connection.QueryAsync<(string Name, string Type)>("SELECT name, type FROM pragma_table_info('audit_entries');")).ToList();
        Assert.That(columns, Has.Count.EqualTo(17), "every column of audit_entries");

        var refused = new List<string>();
        foreach (var (name, type) in columns)
        {
            var original = await connection.ExecuteScalarAsync<string>($"SELECT quote({name}) FROM audit_entries WHERE id = @Id;", new { Id = target });
            // Text in a number column, text that is no date in the date column, bytes in a text column.
            var wrong = type switch
            {
                "INTEGER" => "'not a number'",
                _ when name == "occurred_at" => "'not a date'",
                _ => "X'FF00FE'",
            };
            try
            {
                await connection.ExecuteAsync($"UPDATE audit_entries SET {name} = {wrong} WHERE id = @Id;", new { Id = target });
            }
            catch (Microsoft.Data.Sqlite.SqliteException)
            {
                // The database itself keeps this column's type (rowid, CHECK, foreign key): nothing to verify.
                refused.Add(name);
                continue;
            }

            foreach (var url in new[] { "/api/v1/audit/verify", $"/api/v1/audit/verify?checkpoint={token}" })
            {
                var response = await As("mic.auditor").GetAsync(new Uri(url, UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{name} = {wrong}, {url}: {body}");
                var result = JsonDocument.Parse(body).RootElement;
                Assert.That(result.GetProperty("valid").GetBoolean(), Is.False, $"{name} = {wrong}, {url}");
                Assert.That(result.GetProperty("firstBrokenEntryId").GetInt64(), Is.EqualTo(target), $"{name} = {wrong}, {url}");
            }

            await connection.ExecuteAsync($"UPDATE audit_entries SET {name} = {original} WHERE id = @Id;", new { Id = target });
            Assert.That((await Verify(token)).GetProperty("valid").GetBoolean(), Is.True, $"{name} restored: the chain holds again");
        }

        Assert.That(refused, Is.SubsetOf(new[] { "id", "actor_type", "agency_id", "regulation_id" }), "only columns the database guards itself are left out");
    }
}
