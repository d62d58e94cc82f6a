using CoordinationApi.Infrastructure.Data;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Configuration;

namespace CoordinationApi.Tests.Infrastructure;

public sealed class DatabaseOptionsTests
{
    private static DatabaseOptions Options(Dictionary<string, string?> settings) =>
        DatabaseOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), Path.GetTempPath());

    [Test]
    public void A_read_connection_string_is_routed_to_a_readable_secondary()
    {
        var options = Options(new()
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Coordination"] = "Server=primary;Database=Coordination;Integrated Security=true",
            ["ConnectionStrings:CoordinationRead"] = "Server=listener;Database=Coordination;Integrated Security=true;MultiSubnetFailover=true",
            ["Database:ReadRetry:NumberOfTries"] = "5",
        });

        Assert.That(new SqlConnectionStringBuilder(options.ReadConnectionString).ApplicationIntent, Is.EqualTo(ApplicationIntent.ReadOnly));
        Assert.That(new SqlConnectionStringBuilder(options.ConnectionString).ApplicationIntent, Is.EqualTo(ApplicationIntent.ReadWrite));
        Assert.That(options.ReadRetry.NumberOfTries, Is.EqualTo(5));
    }

    [Test]
    public void Without_a_read_string_reads_use_the_primary_and_sqlite_ignores_it()
    {
        var sqlServer = Options(new() { ["Database:Provider"] = "SqlServer", ["ConnectionStrings:Coordination"] = "Server=primary" });
        var sqlite = Options(new() { ["ConnectionStrings:CoordinationRead"] = "Server=listener" });

        Assert.That(sqlServer.ReadConnectionString, Is.Null);
        Assert.That(sqlite.ReadConnectionString, Is.Null);
        Assert.That(sqlite.SqliteSynchronous, Is.EqualTo(SqliteSynchronous.Normal));
    }

    [Test]
    public void Sql_server_without_a_connection_string_is_refused_at_start()
    {
        Assert.Throws<InvalidOperationException>(() => Options(new() { ["Database:Provider"] = "SqlServer" }));
    }
}
