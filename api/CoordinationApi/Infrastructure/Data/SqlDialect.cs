namespace CoordinationApi.Infrastructure.Data;

/// <summary>
/// The few places where SQL Server and SQLite truly differ. Everything else is portable SQL in the
/// features' <c>*Sql</c> classes.
/// </summary>
public abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect SqlServer = new SqlServerDialect();

    public abstract DatabaseProvider Provider { get; }

    /// <summary>The clause that ends an ordered query and keeps its first <paramref name="parameter"/> rows.</summary>
    public abstract string Limit(string parameter);

    /// <summary>The clause that ends an ordered query, skips <paramref name="skip"/> rows and keeps the next <paramref name="take"/>.</summary>
    public abstract string Page(string skip, string take);

    /// <summary>An INSERT that answers the new row's integer id as a single scalar.</summary>
    public abstract string InsertReturningId(string table, string columns, string values);

    /// <summary>An aggregate joining <paramref name="expression"/> over a group with <paramref name="separator"/> (a SQL literal), in order.</summary>
    public abstract string StringAgg(string expression, string separator, string orderBy);

    /// <summary>
    /// The table hint of a read that decides a write: holds an update lock on the rows read, and on the gap where a
    /// missing row would go, until the transaction ends. SQLite needs none: its writers already queue one at a time.
    /// </summary>
    public abstract string LockForWrite { get; }

    /// <summary>Boolean literal for a BIT / INTEGER flag column.</summary>
    public string True => "1";

    private sealed class SqliteDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override string LockForWrite => "";

        public override string Limit(string parameter) => $"LIMIT {parameter}";

        public override string Page(string skip, string take) => $"LIMIT {take} OFFSET {skip}";

        public override string StringAgg(string expression, string separator, string orderBy) => $"group_concat({expression}, {separator} ORDER BY {orderBy})";

        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id;";
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override string LockForWrite => "WITH (UPDLOCK, HOLDLOCK)";

        public override string Limit(string parameter) => $"OFFSET 0 ROWS FETCH NEXT {parameter} ROWS ONLY";

        public override string Page(string skip, string take) => $"OFFSET {skip} ROWS FETCH NEXT {take} ROWS ONLY";

        public override string StringAgg(string expression, string separator, string orderBy) => $"STRING_AGG({expression}, {separator}) WITHIN GROUP (ORDER BY {orderBy})";

        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.id VALUES ({values});";
    }
}
