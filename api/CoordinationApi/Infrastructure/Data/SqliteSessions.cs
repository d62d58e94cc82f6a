using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// SQLite connections the API keeps open, each with the statements it has prepared. Microsoft.Data.Sqlite finalises a
/// command's statements when its connection goes back to its pool, so every request would prepare its statements again
/// (17.7% of the CPU of reading one task); a session lent from here keeps them, keyed by their text, and Dapper's
/// commands run as those (<see cref="SessionCommand"/>). A session serves one request at a time: the connection lent is
/// unusable once given back, and a transaction left open is rolled back then. Each session keeps at most
/// <see cref="MaxStatements"/> statements and, beyond it, finalises the least recently used one (an LRU). Why the sessions
/// exist and how the LRU bounds memory: <c>SqliteSessions.md</c> beside this file.
/// </summary>
public sealed class SqliteSessions(string connectionString, Action<SqliteConnection> configure) : IDisposable
{
    /// <summary>Idle sessions kept; more are closed when given back.</summary>
    public const int MaxIdle = 64;

    /// <summary>Prepared statements kept per session; beyond it the least recently used one is finalised.</summary>
    public const int MaxStatements = 256;

    // The sessions are the pool: a connection closed here is closed, not kept by Microsoft.Data.Sqlite's own pool.
    private readonly string unpooled = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private readonly ConcurrentBag<Session> idle = [];

    // Moved by Clear: a session opened before it is closed when given back instead of kept.
    private int generation;

    /// <summary>How many sessions wait, open, to be lent.</summary>
    internal int IdleCount => idle.Count;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!idle.TryTake(out var session))
        {
            var connection = new SqliteConnection(unpooled);
            try
            {
                await connection.OpenAsync(cancellationToken);
                configure(connection);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            session = new Session(connection, Volatile.Read(ref generation));
        }

        return new SessionConnection(session, this);
    }

    /// <summary>Closes every idle session (the database file was replaced, restored or is going away).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref generation);
        while (idle.TryTake(out var session))
        {
            session.Dispose();
        }
    }

    public void Dispose() => Clear();

    private void GiveBack(Session session)
    {
        if (!session.Failed && session.Generation == Volatile.Read(ref generation) && session.Connection.State == ConnectionState.Open
            && idle.Count < MaxIdle)
        {
            idle.Add(session);
        }
        else
        {
            session.Dispose();
        }
    }

    public sealed class Session(SqliteConnection connection, int generation) : IDisposable
    {
        // The prepared statements by text, and the same in order of use, most recent first (an LRU).
        private readonly Dictionary<string, LinkedListNode<Prepared>> statements = new(StringComparer.Ordinal);
        private readonly LinkedList<Prepared> recency = [];
        private readonly List<SqliteCommand> once = [];

        public SqliteConnection Connection => connection;

        public int Generation => generation;

        /// <summary>
        /// A statement failed with SQLite's own error (a constraint aside): the file may be locked, replaced or damaged, so
        /// the session is closed when given back rather than kept, and the next request opens the file afresh.
        /// </summary>
        public bool Failed { get; set; }

        /// <summary>How many statements this session keeps prepared.</summary>
        internal int PreparedCount => statements.Count;

        /// <summary>The texts of the statements kept, most recently used first.</summary>
        internal IEnumerable<string> PreparedByRecency => recency.Select(p => p.Command.CommandText);

        /// <summary>The transaction begun through this session, while it is not completed (a completed one has no connection).</summary>
        public SqliteTransaction? Transaction
        {
            get => field?.Connection is null ? null : field;
            set;
        }

        /// <summary>The session's prepared command for <paramref name="sql"/>, or a new one when that is still reading.</summary>
        public SqliteCommand Command(string sql)
        {
            if (statements.TryGetValue(sql, out var node))
            {
                recency.Remove(node);
                recency.AddFirst(node);
                var prepared = node.Value;
                if (prepared.Reader is null || prepared.Reader.IsClosed)
                {
                    return prepared.Command;
                }

                // Rare: the same statement again while its reader is open. Used once, disposed when the session is given back.
                var extra = new SqliteCommand(sql, connection);
                once.Add(extra);
                return extra;
            }

            if (statements.Count >= MaxStatements)
            {
                EvictLeastRecentlyUsed();
            }

            var command = new SqliteCommand(sql, connection);
            statements[sql] = recency.AddFirst(new Prepared(command));
            return command;
        }

        /// <summary>Given back: the commands used once are done with.</summary>
        public void Returned()
        {
            foreach (var command in once)
            {
                command.Dispose();
            }

            once.Clear();
        }

        public void Reading(SqliteCommand command, SqliteDataReader reader)
        {
            if (statements.TryGetValue(command.CommandText, out var node) && ReferenceEquals(node.Value.Command, command))
            {
                node.Value.Reader = reader;
            }
        }

        public void Dispose()
        {
            Returned();
            DisposeStatements();
            connection.Dispose();
        }

        /// <summary>
        /// Finalises the least recently used statement whose reader is done (one still reading is in use; passed over).
        /// Disposing the command finalises its SQLite statements and frees their memory.
        /// </summary>
        private void EvictLeastRecentlyUsed()
        {
            for (var node = recency.Last; node is not null; node = node.Previous)
            {
                if (node.Value.Reader is null || node.Value.Reader.IsClosed)
                {
                    recency.Remove(node);
                    statements.Remove(node.Value.Command.CommandText);
                    node.Value.Command.Dispose();
                    return;
                }
            }
        }

        private void DisposeStatements()
        {
            foreach (var prepared in recency)
            {
                prepared.Command.Dispose();
            }

            recency.Clear();
            statements.Clear();
        }

        private sealed class Prepared(SqliteCommand command)
        {
            public SqliteCommand Command => command;

            public SqliteDataReader? Reader { get; set; }
        }
    }

    /// <summary>A session lent to one request: disposing it gives the session back.</summary>
    public sealed class SessionConnection(Session session, SqliteSessions owner) : DbConnection
    {
        private int returned;

        /// <summary>The session, while this connection holds it: after it is given back, it may be another request's.</summary>
        internal Session Session => Volatile.Read(ref returned) == 0 ? session : throw new ObjectDisposedException(nameof(SessionConnection));

        [AllowNull]
        public override string ConnectionString
        {
            get => session.Connection.ConnectionString;
            set => throw new NotSupportedException("A session's connection string is fixed.");
        }

        public override string Database => session.Connection.Database;

        public override string DataSource => session.Connection.DataSource;

        public override string ServerVersion => session.Connection.ServerVersion;

        public override ConnectionState State => Volatile.Read(ref returned) == 0 ? session.Connection.State : ConnectionState.Closed;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public override void Open()
        {
        }

        public override void Close() => GiveBack();

        /// <summary>A transaction that begins at its first statement (SQLite BEGIN DEFERRED): a read snapshot.</summary>
        public SqliteTransaction BeginDeferredTransaction() => Session.Transaction = Session.Connection.BeginTransaction(deferred: true);

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) =>
            Session.Transaction = Session.Connection.BeginTransaction(isolationLevel);

        protected override DbCommand CreateDbCommand() => new SessionCommand(this);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                GiveBack();
            }

            base.Dispose(disposing);
        }

        private void GiveBack()
        {
            if (Interlocked.Exchange(ref returned, 1) != 0)
            {
                return;
            }

            // A transaction left open (an exception before its own disposal) is rolled back, as closing would.
            session.Transaction?.Dispose();
            session.Transaction = null;
            session.Returned();
            owner.GiveBack(session);
        }
    }

    /// <summary>What Dapper creates and fills; it runs as the session's prepared command for its text.</summary>
    internal sealed class SessionCommand(SessionConnection connection) : DbCommand
    {
        private readonly SqliteCommand parameters = new();

        [AllowNull]
        public override string CommandText { get; set; } = "";

        /// <summary>How long a statement waits for a lock, in seconds: the connection string's <c>Default Timeout</c> unless set.</summary>
        public override int CommandTimeout { get; set; } = connection.Session.Connection.DefaultTimeout;

        public override CommandType CommandType { get; set; } = CommandType.Text;

        public override bool DesignTimeVisible { get; set; }

        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set => throw new NotSupportedException("A session command stays with its connection.");
        }

        protected override DbParameterCollection DbParameterCollection => parameters.Parameters;

        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel()
        {
        }

        public override void Prepare()
        {
        }

        public override int ExecuteNonQuery() => Run(command => command.ExecuteNonQuery());

        public override object? ExecuteScalar() => Run(command => command.ExecuteScalar());

        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => Run(command =>
        {
            var reader = command.ExecuteReader(behavior & ~CommandBehavior.CloseConnection);
            connection.Session.Reading(command, reader);
            return reader;
        });

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                parameters.Dispose();
            }

            base.Dispose(disposing);
        }

        private T Run<T>(Func<SqliteCommand, T> execute)
        {
            try
            {
                return execute(Bind());
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode != SQLitePCL.raw.SQLITE_CONSTRAINT)
            {
                connection.Session.Failed = true;
                throw;
            }
        }

        private SqliteCommand Bind()
        {
            var session = connection.Session;
            var command = session.Command(CommandText);
            command.Transaction = (SqliteTransaction?)DbTransaction ?? session.Transaction;
            command.CommandTimeout = CommandTimeout;
            command.Parameters.Clear();
            foreach (SqliteParameter parameter in parameters.Parameters)
            {
                command.Parameters.Add(parameter);
            }

            return command;
        }
    }
}
