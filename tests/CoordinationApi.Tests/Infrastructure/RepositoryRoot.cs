namespace CoordinationApi.Tests.Infrastructure;

public static class RepositoryRoot
{
    /// <summary>The folder holding CoordinationApi.sln, found from the test assembly's location.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "CoordinationApi.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("CoordinationApi.sln not found above the test assembly.");
    }
}
