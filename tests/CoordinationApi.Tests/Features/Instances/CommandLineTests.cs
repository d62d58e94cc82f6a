using Dapper;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Tests.Features.Instances;

/// <summary>
/// The command-line operations as an operator runs them (<c>dotnet CoordinationApi.dll --backup FILE</c>, ...): each does
/// its work on the database and the process exits, with exit code 1 when it refused.
/// </summary>
[NonParallelizable]
public sealed class CommandLineTests
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "coordination-tests", $"command-line-{Guid.NewGuid():N}");

    private string Database => Path.Combine(directory, "coordination.db");

    [SetUp]
    public void CreateDirectory() => Directory.CreateDirectory(directory);

    [TearDown]
    public void DeleteDirectory()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    [Test]
    public async Task Generate_tasks_migrates_seeds_and_adds_that_many_indexed_tasks()
    {
        await Succeeds("--migrate");
        var before = Tasks();

        await Succeeds("--generate-tasks", "30", "--generate-seed", "7");

        using var connection = Open();
        Assert.Multiple(() =>
        {
            Assert.That(Tasks(), Is.EqualTo(before + 30));
            Assert.That(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM search_documents WHERE kind = 'task'"), Is.EqualTo(before + 30),
                "every task is indexed for search");
        });
    }

    [Test]
    public async Task Backup_refuses_to_overwrite_unless_forced_and_restore_brings_the_backup_back()
    {
        await Succeeds("--migrate");
        var backup = Path.Combine(directory, "backups", "coordination.db");
        var backedUp = Tasks();
        await Succeeds("--backup", backup);
        Assert.That(File.Exists(backup));

        var again = await Run("--backup", backup);
        Assert.That(again.ExitCode, Is.EqualTo(1), again.Output);
        Assert.That(again.Output, Does.Contain("Backup refused"));
        await Succeeds("--backup", backup, "--force");

        await Succeeds("--generate-tasks", "5");
        Assert.That(Tasks(), Is.EqualTo(backedUp + 5));
        await Succeeds("--restore", backup);
        Assert.That(Tasks(), Is.EqualTo(backedUp), "the database is the backup again");

        var missing = await Run("--restore", Path.Combine(directory, "no-such-backup.db"));
        Assert.That(missing.ExitCode, Is.EqualTo(1), missing.Output);
        Assert.That(missing.Output, Does.Contain("Restore refused"));
        Assert.That(Tasks(), Is.EqualTo(backedUp), "a refused restore leaves the database as it was");
    }

    private SqliteConnection Open() => new($"Data Source={Database};Pooling=false");

    private long Tasks()
    {
        using var connection = Open();
        return connection.ExecuteScalar<long>("SELECT COUNT(*) FROM tasks");
    }

    private async Task Succeeds(params string[] arguments)
    {
        var (exitCode, output) = await Run(arguments);
        Assert.That(exitCode, Is.Zero, $"{string.Join(' ', arguments)}:\n{output}");
    }

    /// <summary>Runs the API with <paramref name="arguments"/> on this test's database and waits for it to exit (120 s at most).</summary>
    private async Task<(int ExitCode, string Output)> Run(params string[] arguments)
    {
        using var process = ApiProcess.Run(new Dictionary<string, string>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Coordination"] = $"Data Source={Database}",
            ["Seed:Demo"] = "true",
            ["Auth:SigningKeyFile"] = Path.Combine(directory, "jwt-signing.key"),
            ["Audit:ChainKeyFile"] = Path.Combine(directory, "audit-chain.key"),
        }, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
