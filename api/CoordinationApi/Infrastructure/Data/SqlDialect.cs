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

    /// <summary>The dialect of an open connection, for helpers that are handed one.</summary>
    public static SqlDialect Of(System.Data.Common.DbConnection connection) =>
        connection is Microsoft.Data.SqlClient.SqlConnection ? SqlServer : Sqlite;

    /// <summary>The clause that ends an ordered query and keeps its first <paramref name="parameter"/> rows.</summary>
    public abstract string Limit(string parameter);

    /// <summary>The clause that ends an ordered query, skips <paramref name="skip"/> rows and keeps the next <paramref name="take"/>.</summary>
    public abstract string Page(string skip, string take);

    /// <summary>An INSERT that answers the new row's integer id as a single scalar.</summary>
    public abstract string InsertReturningId(string table, string columns, string values);

    /// <summary>An <c>INSERT … SELECT</c> (<paramref name="query"/>) of one row that answers the new row's id.</summary>
    public abstract string InsertSelectReturningId(string table, string columns, string query);

    /// <summary>
    /// <paramref name="expression"/> IN the elements of <paramref name="parameter"/>, a JSON array (<see cref="JsonList{T}"/>)
    /// of <paramref name="sqlType"/> values: one parameter however long the list, where Dapper's <c>IN @List</c> sends one
    /// per element and SQL Server takes at most 2,100.
    /// </summary>
    public abstract string InList(string expression, string parameter, string sqlType = "INT");

    /// <summary>The value of a parameter read by <see cref="InList"/>.</summary>
    public static string JsonList<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values);

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

        public override string InList(string expression, string parameter, string sqlType = "INT") =>
            $"{expression} IN (SELECT value FROM json_each({parameter}))";

        public override string StringAgg(string expression, string separator, string orderBy) => $"group_concat({expression}, {separator} ORDER BY {orderBy})";

        public override string InsertReturningId(string table, string columns, string values) =>
            $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id;";

        public override string InsertSelectReturningId(string table, string columns, string query) =>
            $"INSERT INTO {table} ({columns})\n{query}\nRETURNING id;";
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

        public override string LockForWrite => "WITH (UPDLOCK, HOLDLOCK)";

        public override string Limit(string parameter) => $"OFFSET 0 ROWS FETCH NEXT {parameter} ROWS ONLY";

        public override string Page(string skip, string take) => $"OFFSET {skip} ROWS FETCH NEXT {take} ROWS ONLY";

        public override string InList(string expression, string parameter, string sqlType = "INT") =>
            $"{expression} IN (SELECT j.value FROM OPENJSON({parameter}) WITH (value {sqlType} '$') j)";

        // Without the CAST, STRING_AGG of an NVARCHAR(n) stops at 4,000 characters (Msg 9829).
        public override string StringAgg(string expression, string separator, string orderBy) =>
            $"STRING_AGG(CAST({expression} AS NVARCHAR(MAX)), {separator}) WITHIN GROUP (ORDER BY {orderBy})";

        // OUTPUT without INTO is refused once the table has an enabled trigger (Msg 334).
        public override string InsertReturningId(string table, string columns, string values) =>
            $"DECLARE @inserted TABLE (id INT); INSERT INTO {table} ({columns}) OUTPUT INSERTED.id INTO @inserted VALUES ({values}); SELECT id FROM @inserted;";

        public override string InsertSelectReturningId(string table, string columns, string query) =>
            $"DECLARE @inserted TABLE (id INT); INSERT INTO {table} ({columns}) OUTPUT INSERTED.id INTO @inserted\n{query};\nSELECT id FROM @inserted;";
    }
}
