using CoordinationApi.Infrastructure.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Tests.Infrastructure;

/// <summary>Which database exceptions are a 503 (unavailable), a 409 (a concurrent writer won) or stay a 500 (a bug).</summary>
public sealed class DatabaseFaultsTests
{
    [TestCase(5, 5, TestName = "SQLITE_BUSY")]
    [TestCase(6, 6, TestName = "SQLITE_LOCKED")]
    [TestCase(10, 3338, TestName = "SQLITE_IOERR_SHORT_READ")]
    [TestCase(13, 13, TestName = "SQLITE_FULL")]
    [TestCase(14, 14, TestName = "SQLITE_CANTOPEN")]
    [TestCase(8, 8, TestName = "SQLITE_READONLY")]
    [TestCase(26, 26, TestName = "SQLITE_NOTADB")]
    public void An_unavailable_sqlite_file_is_unavailable(int code, int extended)
    {
        var exception = new SqliteException("unavailable", code, extended);

        Assert.That(DatabaseFaults.IsUnavailable(exception), Is.True);
        Assert.That(DatabaseFaults.IsConflict(exception), Is.False);
    }

    [TestCase(2067, true, TestName = "SQLITE_CONSTRAINT_UNIQUE")]
    [TestCase(1555, true, TestName = "SQLITE_CONSTRAINT_PRIMARYKEY")]
    [TestCase(787, false, TestName = "SQLITE_CONSTRAINT_FOREIGNKEY")]
    public void A_unique_or_foreign_key_violation_is_a_conflict(int extended, bool duplicate)
    {
        var exception = new SqliteException("constraint", 19, extended);

        Assert.Multiple(() =>
        {
            Assert.That(DatabaseFaults.IsConflict(exception), Is.True);
            Assert.That(DatabaseFaults.IsDuplicateKey(exception), Is.EqualTo(duplicate));
            Assert.That(DatabaseFaults.IsUnavailable(exception), Is.False);
        });
    }

    [TestCase(1, 1, TestName = "SQLITE_ERROR (no such table, syntax)")]
    [TestCase(19, 275, TestName = "SQLITE_CONSTRAINT_CHECK")]
    [TestCase(19, 1299, TestName = "SQLITE_CONSTRAINT_NOTNULL")]
    [TestCase(19, 1811, TestName = "SQLITE_CONSTRAINT_TRIGGER")]
    [TestCase(20, 20, TestName = "SQLITE_MISMATCH")]
    public void A_programming_error_is_neither(int code, int extended)
    {
        var exception = new SqliteException("bug", code, extended);

        Assert.That(DatabaseFaults.IsUnavailable(exception) || DatabaseFaults.IsConflict(exception), Is.False);
    }

    [Test]
    public void Other_exceptions_are_neither_unless_they_are_timeouts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DatabaseFaults.IsUnavailable(new InvalidOperationException("bug")), Is.False);
            Assert.That(DatabaseFaults.IsUnavailable(new ArgumentException("bug")), Is.False);
            Assert.That(DatabaseFaults.IsUnavailable(new TimeoutException()), Is.True);
            Assert.That(DatabaseFaults.IsUnavailable(new System.Text.RegularExpressions.RegexMatchTimeoutException()), Is.False);
            Assert.That(DatabaseFaults.IsUnavailable(new InvalidOperationException("wrapped", new SqliteException("busy", 5, 5))), Is.True);
        });
    }

    [Test]
    public async Task A_sql_server_that_does_not_answer_is_unavailable()
    {
        // Nothing listens on port 1: a real SqlException from a failed connection, without a SQL Server.
        await using var connection = new SqlConnection("Server=tcp:127.0.0.1,1;Database=Coordination;User Id=sa;Password=x;Connect Timeout=2;Pooling=false");

        var exception = await Assert.CatchAsync<SqlException>(() => connection.OpenAsync());

        Assert.That(DatabaseFaults.IsUnavailable(exception!), Is.True, () => $"number {exception!.Number}, class {exception.Class}: {exception.Message}");
    }
}
