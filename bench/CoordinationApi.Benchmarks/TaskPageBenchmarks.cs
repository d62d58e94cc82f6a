using System.Data.Common;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using CoordinationApi.Features.Tasks;
using CoordinationApi.Infrastructure.Data;
using CoordinationApi.Infrastructure.Security;
using Dapper;
using Microsoft.Data.Sqlite;

namespace CoordinationApi.Benchmarks;

public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(TaskPageBenchmarks).Assembly).Run(args);
}


/// <summary>
/// The data path of the task list (issue 8): the first page of 50 tasks, filtered by status, with the caller's scope and
/// clearance — the same SQL the API sends — read through Dapper against the same rows read by hand-written ADO.NET.
/// The database is a generated one (bench/common.sh makes it): BENCH_DB, default bench/data/tasks-100000.db.
/// </summary>
[MemoryDiagnoser]
public class TaskPageBenchmarks : IDisposable
{
    private static readonly Caller Caller = new()
    {
        Kind = CallerKind.Client, Id = "bench", Name = "bench", DisplayName = "bench", AgencyId = 1, AgencyCode = "MPS",
        Roles = new HashSet<string>(), Scopes = new HashSet<string> { Scopes.TasksRead }, Clearance = Clearance.Secret,
    };

    private static readonly TaskListSql Filter = new() { RegulationId = 1, Statuses = [TaskStatuses.InProgress] };

    private SqliteConnection connection = null!;
    private string sql = null!;
    private DynamicParameters parameters = null!;
    private DateOnly today;

    [GlobalSetup]
    public void Open()
    {
        TypeHandlers.Register();
        var file = Environment.GetEnvironmentVariable("BENCH_DB") ?? Path.Combine(RepositoryRoot(), "bench", "data", "tasks-100000.db");
        connection = new SqliteConnection($"Data Source={Path.GetFullPath(file)};Mode=ReadOnly");
        connection.Open();
        today = new DateOnly(2026, 11, 30);
        sql = Filter.Page(SqlDialect.Sqlite, TaskSort.Due, afterCursor: false);
        parameters = Filter.Parameters(Caller, today);
        parameters.Add("Take", 51);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            prepared?.Dispose();
            connection?.Dispose();
        }
    }

    [Benchmark(Baseline = true)]
    public int HandWrittenAdoNet()
    {
        using var command = PageCommand();
        using var reader = command.ExecuteReader();
        var rows = new List<TaskSummaryRow>(51);
        while (reader.Read())
        {
            rows.Add(new TaskSummaryRow
            {
                Id = reader.GetInt32(0), RegulationId = reader.GetInt32(1), Code = reader.GetString(2), Seq = reader.GetInt32(3),
                TitleVi = reader.GetString(4), TitleEn = reader.GetString(5), LeadUnitCode = reader.GetString(6), LeadAgencyCode = reader.GetString(7),
                Classification = reader.GetInt32(8), Kind = reader.GetString(9), PlanYear = reader.GetInt32(10),
                StartDate = DateOnly.ParseExact(reader.GetString(11), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                DueDate = DateOnly.ParseExact(reader.GetString(12), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Priority = reader.GetString(13), Status = reader.GetString(14), Progress = reader.GetInt32(15),
                UpdatedAt = DateTimeOffset.ParseExact(reader.GetString(16), "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            });
        }

        return rows.Count;
    }

    [Benchmark]
    public int Dapper() => connection.Query<TaskSummaryRow>(sql, parameters).AsList().Count;

    /// <summary>
    /// Where the time goes, 1: the hand-written command and reader, with only the rows made by Dapper's row parser
    /// (what <see cref="Dapper"/> does per row: every value through <c>GetValue</c>, then converted).
    /// </summary>
    [Benchmark]
    public int DapperRowParserOnly()
    {
        using var command = PageCommand();
        using var reader = command.ExecuteReader();
        var parser = reader.GetRowParser<TaskSummaryRow>();
        var rows = new List<TaskSummaryRow>(51);
        while (reader.Read())
        {
            rows.Add(parser(reader));
        }

        return rows.Count;
    }

    private SqliteCommand? prepared;

    /// <summary>Where the time goes, 2: SQLite alone, preparing the statement and stepping through the rows, none read.</summary>
    [Benchmark]
    public int SqliteOnly() => Step(PageCommand(), dispose: true);

    /// <summary>Where the time goes, 3: SQLite stepping through the rows of a statement prepared once (not what the API does).</summary>
    [Benchmark]
    public int SqliteOnlyPrepared() => Step(prepared ??= PageCommand(), dispose: false);

    private static int Step(SqliteCommand command, bool dispose)
    {
        try
        {
            using var reader = command.ExecuteReader();
            var rows = 0;
            while (reader.Read())
            {
                rows++;
            }

            return rows;
        }
        finally
        {
            if (dispose)
            {
                command.Dispose();
            }
        }
    }

    private SqliteCommand PageCommand()
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        Add(command, "@CallerAgencyId", Caller.AgencyId);
        Add(command, "@CallerClearance", (int)Caller.Clearance);
        Add(command, "@RegulationId", 1);
        Add(command, "@Status0", TaskStatuses.InProgress);
        Add(command, "@Today", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add(command, "@Take", 51);
        return command;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CoordinationApi.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run from inside the repository, or set BENCH_DB.");
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
