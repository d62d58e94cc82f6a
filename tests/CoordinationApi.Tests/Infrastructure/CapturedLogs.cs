using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CoordinationApi.Tests.Infrastructure;

public sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Text);

/// <summary>A logger provider that keeps every record: message, structured state and exception.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> records = new();

    public IReadOnlyCollection<LogRecord> Records => records;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, records);

    /// <summary>Forgets the records so far, for tests that look at the logs of one request after another.</summary>
    public void Clear() => records.Clear();

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogRecord> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            records.Enqueue(new LogRecord(category, logLevel, eventId, $"{formatter(state, exception)} {values} {exception}"));
        }
    }
}
