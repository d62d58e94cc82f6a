using System.Data;
using CoordinationApi.Infrastructure.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>SQLite connections kept open with their prepared statements, lent to one request at a time.</summary>
public sealed class SqliteSessionsTests
{
    private string folder = null!;
    private SqliteSessions sessions = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "coordination-tests", Guid.NewGuid().ToString("N"))).FullName;
        var connectionString = $"Data Source={Path.Combine(folder, "sessions.db")};Default Timeout=1";
        await using (var setup = new SqliteConnection(connectionString + ";Pooling=False"))
        {
            await setup.ExecuteAsync("PRAGMA journal_mode = WAL; CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
        }

        sessions = new SqliteSessions(connectionString, _ => { });
    }

    [TearDown]
    public void DeleteDatabase()
    {
        sessions.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public async Task A_statement_is_prepared_once_and_bound_afresh_each_time()
    {
        for (var i = 1; i <= 3; i++)
        {
            await using var connection = await sessions.OpenAsync(CancellationToken.None);
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (@Id, @Name);", new { Id = i, Name = $"item {i}" });
        }

        await using var reader = await sessions.OpenAsync(CancellationToken.None);
        var names = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            names.Add(await reader.QuerySingleAsync<string>("SELECT name FROM items WHERE id = @Id;", new { Id = i }));
        }

        Assert.That(names, Is.EqualTo(new[] { "item 1", "item 2", "item 3" }));
        Assert.That(((SqliteSessions.SessionConnection)reader).Session.PreparedCount, Is.EqualTo(2), "one insert and one select, each prepared once");
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.QuerySingleAsync<string>("SELECT name FROM items WHERE id = @Id;"),
            "a parameter left out is an error, not the previous call's value");
    }

    [Test]
    public async Task A_transaction_left_open_is_rolled_back_when_the_session_is_given_back()
    {
        await using (var connection = await sessions.OpenAsync(CancellationToken.None))
        {
            var transaction = await connection.BeginTransactionAsync();
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'never committed');", transaction: transaction);
        }

        await using var next = await sessions.OpenAsync(CancellationToken.None);
        await using (var transaction = await next.BeginTransactionAsync())
        {
            await next.ExecuteAsync("INSERT INTO items (id, name) VALUES (2, 'committed');", transaction: transaction);
            await transaction.CommitAsync();
        }

        Assert.That(await next.QueryAsync<string>("SELECT name FROM items ORDER BY id;"), Is.EqualTo(new[] { "committed" }));
        Assert.That(sessions.IdleCount, Is.Zero, "the one session is lent again");
    }

    [Test]
    public async Task A_connection_given_back_cannot_be_used_again()
    {
        var connection = await sessions.OpenAsync(CancellationToken.None);
        await connection.DisposeAsync();

        Assert.That(connection.State, Is.EqualTo(ConnectionState.Closed));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => connection.ExecuteAsync("SELECT 1;"));
    }

    [Test]
    public async Task The_same_statement_runs_again_while_its_reader_is_still_open()
    {
        await using var connection = await sessions.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b');");

        const string sql = "SELECT name FROM items WHERE id >= @From ORDER BY id;";
        var outer = new List<string>();
        var inner = new List<string>();
        await foreach (var name in connection.QueryUnbufferedAsync<string>(sql, new { From = 1 }))
        {
            outer.Add(name);
            inner.AddRange(await connection.QueryAsync<string>(sql, new { From = 2 }));
        }

        Assert.That(outer, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(inner, Is.EqualTo(new[] { "b", "b" }));
    }

    [Test]
    public async Task A_session_keeps_a_bounded_number_of_statements()
    {
        await using var connection = await sessions.OpenAsync(CancellationToken.None);
        for (var i = 0; i < SqliteSessions.MaxStatements + 10; i++)
        {
            await connection.ExecuteScalarAsync<long>($"SELECT {i};");
        }

        Assert.That(((SqliteSessions.SessionConnection)connection).Session.PreparedCount, Is.LessThanOrEqualTo(SqliteSessions.MaxStatements));
    }

    [Test]
    public async Task Beyond_the_bound_the_least_recently_used_statement_is_finalised_and_the_rest_are_kept()
    {
        await using var connection = await sessions.OpenAsync(CancellationToken.None);
        var session = ((SqliteSessions.SessionConnection)connection).Session;
        for (var i = 0; i < SqliteSessions.MaxStatements; i++)
        {
            await connection.ExecuteScalarAsync<long>($"SELECT {i};");
        }

        Assert.That(session.PreparedByRecency.Last(), Is.EqualTo("SELECT 0;"));
        var firstCommand = session.Command("SELECT 0;");
        // Used again, the first statement becomes the most recent: the second is now the least recently used.
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT 0;"), Is.Zero);
        await connection.ExecuteScalarAsync<long>($"SELECT {SqliteSessions.MaxStatements};");
        await connection.ExecuteScalarAsync<long>($"SELECT {SqliteSessions.MaxStatements + 1};");

        var kept = session.PreparedByRecency.ToList();
        Assert.That(kept, Has.Count.EqualTo(SqliteSessions.MaxStatements));
        Assert.That(kept.Take(3), Is.EqualTo(new[] { $"SELECT {SqliteSessions.MaxStatements + 1};", $"SELECT {SqliteSessions.MaxStatements};", "SELECT 0;" }));
        Assert.That(kept, Does.Not.Contain("SELECT 1;").And.Not.Contain("SELECT 2;"), "the two least recently used went, in that order");
        Assert.That(kept.Last(), Is.EqualTo("SELECT 3;"));
        Assert.That(session.Command("SELECT 0;"), Is.SameAs(firstCommand), "a statement used again keeps its prepared command");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT 1;"), Is.EqualTo(1), "an evicted statement is prepared again when needed");
    }

    [Test]
    public async Task A_statement_still_reading_is_passed_over_by_the_eviction()
    {
        await using var connection = await sessions.OpenAsync(CancellationToken.None);
        var session = ((SqliteSessions.SessionConnection)connection).Session;
        await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b');");
        const string reading = "SELECT name FROM items ORDER BY id;";
        var names = new List<string>();
        await foreach (var name in connection.QueryUnbufferedAsync<string>(reading))
        {
            if (names.Count == 0)
            {
                // The reading statement and the insert are the oldest: fill the session until the insert has to go.
                for (var i = 0; i < SqliteSessions.MaxStatements; i++)
                {
                    await connection.ExecuteScalarAsync<long>($"SELECT {i};");
                }
            }

            names.Add(name);
        }

        Assert.That(names, Is.EqualTo(new[] { "a", "b" }), "its reader was not disposed under it");
        Assert.That(session.PreparedByRecency, Does.Contain(reading).And.Not.Contain("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b');"));
        Assert.That(session.PreparedCount, Is.EqualTo(SqliteSessions.MaxStatements));
    }

    [Test]
    public async Task A_session_whose_statement_failed_is_closed_not_kept_but_a_constraint_violation_keeps_it()
    {
        await using (var connection = await sessions.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'a');");
            await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'again');"));
        }

        Assert.That(sessions.IdleCount, Is.EqualTo(1), "a constraint violation says nothing about the connection");

        await using (var connection = await sessions.OpenAsync(CancellationToken.None))
        {
            await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("SELECT * FROM no_such_table;"));
        }

        Assert.That(sessions.IdleCount, Is.Zero);
    }

    [Test]
    public async Task Cleared_sessions_close_and_release_the_file()
    {
        await using (var connection = await sessions.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (1, 'a');");
        }

        Assert.That(sessions.IdleCount, Is.EqualTo(1));
        sessions.Clear();

        Assert.That(sessions.IdleCount, Is.Zero);
        // With no connection left open, another one can take the file in exclusive mode.
        await using var exclusive = new SqliteConnection($"Data Source={Path.Combine(folder, "sessions.db")};Pooling=False;Default Timeout=1");
        await exclusive.ExecuteAsync("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;");
    }
}
