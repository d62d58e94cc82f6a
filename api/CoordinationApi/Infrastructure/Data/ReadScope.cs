using System.Data.Common;

namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// What a helper that reads needs: the connection, the transaction it reads in (its write's, or none) and the dialect,
/// handed as one instead of <c>(connection, transaction, dialect)</c>. A read passes <c>new ReadScope(connection, db.Dialect)</c>;
/// a write passes its <see cref="WriteScope"/>, converted implicitly, so the same helper serves both. It owns nothing:
/// whoever opened the connection disposes it.
/// </summary>
public readonly record struct ReadScope(DbConnection Connection, DbTransaction? Transaction, SqlDialect Dialect)
{
    /// <summary>A read outside any write.</summary>
    public ReadScope(DbConnection connection, SqlDialect dialect)
        : this(connection, null, dialect)
    {
    }

    public static implicit operator ReadScope(WriteScope write) => new(write.Connection, write.Transaction, write.Dialect);
}
