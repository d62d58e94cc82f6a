namespace CoordinationApi.Tests.Infrastructure;

/// <summary>
/// Every write goes through the one write scope (<c>WriteScopes.BeginAsync</c>), which takes the SQLite writer lock
/// before it begins: a feature that opened its own transaction could forget the lock, and nothing else would notice.
/// Read from the source files, so a new handler is covered the day it is written.
/// </summary>
public sealed class WriteScopeArchitectureTests
{
    // A read snapshot (SQLite's deferred transaction in the search) is no write and stays where it is.
    private static readonly string[] Openings = ["WriteLockAsync(", "BeginTransactionAsync("];

    private static string Api => Path.Combine(RepositoryRoot.Path, "api", "CoordinationApi");

    private static IEnumerable<string> FeatureFiles() =>
        Directory.EnumerateFiles(Path.Combine(Api, "Features"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> OpeningsIn(string file)
    {
        var text = File.ReadAllText(file);
        return Openings.Where(opening => text.Contains(opening, StringComparison.Ordinal));
    }

    [Test]
    public void No_feature_opens_a_transaction_or_takes_the_write_lock_itself()
    {
        var files = FeatureFiles().ToList();
        Assert.That(files, Has.Count.GreaterThan(20), "the features' source files are found");
        var offenders = files
            .SelectMany(file => OpeningsIn(file).Select(opening => $"{Path.GetRelativePath(Api, file)}: {opening}"))
            .ToList();
        Assert.That(offenders, Is.Empty, "a write opens `await using var write = await writes.BeginAsync(caller, cancellationToken)` instead");
    }

    [Test]
    public void The_check_sees_the_openings_where_they_live()
    {
        // The scope's implementation is the one place that opens a write: the check above would see the same text in a feature.
        Assert.That(OpeningsIn(Path.Combine(Api, "Infrastructure", "Data", "WriteScope.cs")), Is.EquivalentTo(Openings));
    }
}
