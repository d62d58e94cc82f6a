using System.Data.Common;
using CoordinationApi.Infrastructure.Http;
using CoordinationApi.Infrastructure.Security;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// Opens the one way anything writes: <c>await using var write = await writes.BeginAsync(caller, cancellationToken)</c>.
/// Every write in the API goes through here, so none can forget the SQLite writer lock (WriteScopeArchitectureTests keeps
/// features from taking the lock or beginning a transaction themselves).
/// </summary>
public sealed class WriteScopes(DbConnectionFactory db, AuditTrail audit, TimeProvider clock, Events.OutboxSignal outbox)
{
    /// <summary>A write on behalf of a caller: audited with the caller as actor.</summary>
    public Task<WriteScope> BeginAsync(Caller caller, CancellationToken cancellationToken) =>
        BeginAsync(AuditActor.Of(caller), caller, cancellationToken);

    /// <summary>A write with no caller (sign-in, start-up, seeding, generation): audited with <paramref name="actor"/>.</summary>
    public Task<WriteScope> BeginAsync(AuditActor actor, CancellationToken cancellationToken) =>
        BeginAsync(actor, null, cancellationToken);

    private async Task<WriteScope> BeginAsync(AuditActor actor, Caller? caller, CancellationToken cancellationToken)
    {
        var connection = await db.OpenAsync(cancellationToken);
        IAsyncDisposable? writing = null;
        try
        {
            // The order is the lock's contract (see DbConnectionFactory.WriteLockAsync): lock, then begin; released after the end.
            writing = await db.WriteLockAsync(cancellationToken);
            // The time is taken once the lock is held, so on SQLite (one writer) writes are stamped in the order they
            // commit: a change feed resumed after the last updatedAt it read misses no write that was waiting for the lock.
            var now = clock.GetUtcNow();
            var today = clock.Today();
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new WriteScope(connection, transaction, writing, db.Dialect, audit, actor, caller, now, today, outbox);
        }
        catch
        {
            if (writing is not null)
            {
                await writing.DisposeAsync();
            }

            await connection.DisposeAsync();
            throw;
        }
    }
}

/// <summary>
/// One write: a connection, its transaction, the writer lock (SQLite), the dialect, the time the write began, the audit
/// trail (appending as the actor it began for) and idempotency. It commits once (<see cref="CommitAsync"/>); disposed
/// without a commit it rolls back. Its statements and its commit take no cancellation token: a client hanging up must not
/// turn a finished write into a rollback, nor cut one between two statements.
/// </summary>
public sealed class WriteScope : IAsyncDisposable
{
    private readonly IAsyncDisposable writing;
    private readonly AuditTrail audit;
    private readonly Caller? caller;
    private readonly Events.OutboxSignal outbox;

    internal WriteScope(
        DbConnection connection, DbTransaction transaction, IAsyncDisposable writing, SqlDialect dialect, AuditTrail audit,
        AuditActor actor, Caller? caller, DateTimeOffset now, DateOnly today, Events.OutboxSignal outbox)
    {
        this.outbox = outbox;
        Connection = connection;
        Transaction = transaction;
        this.writing = writing;
        Dialect = dialect;
        this.audit = audit;
        Actor = actor;
        this.caller = caller;
        Now = now;
        Today = today;
    }

    public DbConnection Connection { get; }

    public DbTransaction Transaction { get; }

    public SqlDialect Dialect { get; }

    /// <summary>Who the audit entries of this write name.</summary>
    public AuditActor Actor { get; }

    /// <summary>When the write began: the time its rows are stamped with.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The register's calendar day when the write began.</summary>
    public DateOnly Today { get; }

    /// <summary>For the statements of a handler: <c>var (connection, transaction) = write;</c>.</summary>
    public void Deconstruct(out DbConnection connection, out DbTransaction transaction)
    {
        connection = Connection;
        transaction = Transaction;
    }

    /// <summary>Records a change in this write's transaction, with this write's actor.</summary>
    public Task AuditAsync(AuditEvent change) => audit.AppendAsync(Connection, Transaction, Actor, change);

    /// <summary>Records a change in this write's transaction by another actor (a sign-in failing for a named user, ...).</summary>
    public Task AuditAsync(AuditActor actor, AuditEvent change) => audit.AppendAsync(Connection, Transaction, actor, change);

    /// <summary>Records a change in this write's transaction on behalf of another caller (a review acting for its lead agency, ...).</summary>
    public Task AuditAsync(Caller onBehalfOf, AuditEvent change) => audit.AppendAsync(Connection, Transaction, onBehalfOf, change);

    /// <summary>Records a read (of secret records, an export) in this write's transaction: audited, but moves no change marker.</summary>
    public Task AuditReadAsync(AuditEvent read) => audit.RecordReadAsync(Connection, Transaction, Actor, read);

    /// <summary>
    /// Idempotency, first step: the stored answer for <paramref name="key"/> (a replay, a 422 for a key reused with another
    /// request, a 404 when what it created is no longer visible), or null to do the work. No key: null.
    /// </summary>
    public async Task<Idempotency.Answer<T>?> ReplayAsync<T>(
        HttpContext http, string? key, string requestHash, Func<T, Task<T?>> ifVisible, bool withETag = false)
        where T : class =>
        key is null
            ? null
            : await Idempotency.AnswerForAsync(http, await Idempotency.FindAsync(Connection, Transaction, Dialect, Caller, key, requestHash), ifVisible, withETag);

    /// <summary>
    /// Idempotency, last step before the commit: remembers this result for <paramref name="key"/>, with the ETag the response
    /// carries (<paramref name="withETag"/>: set it with <c>Concurrency.SetETag</c> before this call). When a concurrent request
    /// with the same key was saved first, answers its result instead (this write is then to be dropped, not committed).
    /// </summary>
    public async Task<Idempotency.Answer<T>?> RememberAsync<T>(
        HttpContext http, string? key, string requestHash, string? location, T response, Func<T, Task<T?>> ifVisible, bool withETag = false)
        where T : class
    {
        if (key is null)
        {
            return null;
        }

        var etag = withETag
            ? http.Response.Headers.ETag.ToString() is { Length: > 0 } set ? set
                : throw new InvalidOperationException("Set the response's ETag before remembering it for the Idempotency-Key.")
            : null;
        return await Idempotency.AnswerForAsync(http, await Idempotency.SaveAsync(
            Connection, Transaction, Dialect, Caller, key, requestHash, StatusCodes.Status201Created, location, response, Now, etag), ifVisible, withETag);
    }

    /// <summary>Whether this write recorded events (<see cref="Events.EventOutbox.PublishAsync"/>): its commit wakes the consumers.</summary>
    internal bool PublishedEvents { get; set; }

    public async Task CommitAsync()
    {
        await Transaction.CommitAsync(CancellationToken.None);
        if (PublishedEvents)
        {
            outbox.Pulse();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transaction.DisposeAsync();
        }
        finally
        {
            try
            {
                await writing.DisposeAsync();
            }
            finally
            {
                await Connection.DisposeAsync();
            }
        }
    }

    private Caller Caller => caller ?? throw new InvalidOperationException("Idempotency keys belong to a caller; this write has none.");
}
