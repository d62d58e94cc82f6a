namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// The same test bodies run on every provider: SQLite always, SQL Server when
/// <c>COORDINATION_TEST_SQLSERVER</c> holds a connection string (the GitHub workflow sets it). Without one the
/// SQL Server fixtures are still listed, and reported as skipped with the reason, so a run shows what it did not cover.
/// </summary>
public static class Providers
{
    public const string SqlServerVariable = "COORDINATION_TEST_SQLSERVER";

    public const string SqlServerMissing = $"{SqlServerVariable} is not set";

    public static bool SqlServerConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(SqlServerVariable));

    public static IEnumerable<TestFixtureData> All()
    {
        yield return new TestFixtureData("Sqlite");
        var sqlServer = new TestFixtureData("SqlServer");
        yield return SqlServerConfigured ? sqlServer : sqlServer.Ignore(SqlServerMissing);
    }
}
