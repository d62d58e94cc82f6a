using System.Buffers;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using CoordinationApi.Infrastructure.OpenApi;
using Microsoft.Net.Http.Headers;
using SpreadCheetah;

namespace CoordinationApi.Features.Exports;

/// <summary>A column of an export: its stable name and how a row gives its value.</summary>
public sealed record ExportColumn<T>(string Name, Func<T, object?> Value);

/// <summary>
/// Writes rows to the response as they arrive from the database, in CSV (RFC 4180, UTF-8 with BOM), a JSON array, JSON
/// lines or XLSX (SpreadCheetah, a streaming writer). Nothing is held but the current row, so memory does not grow with
/// the row count; a client that disconnects cancels the read.
/// </summary>
public static class ExportWriter
{
    [VocabularyName("ExportFormat")]
    public static readonly Dictionary<string, (string ContentType, string Extension)> Formats = new()
    {
        ["csv"] = (ExportResponses.Csv, "csv"),
        ["json"] = (ExportResponses.Json, "json"),
        ["jsonl"] = (ExportResponses.JsonLines, "jsonl"),
        ["xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    };

    private const int ChunkSize = 64 * 1024;

    /// <summary>
    /// The format to answer with: <paramref name="format"/> when given (it wins over <c>Accept</c>); else the one
    /// <c>Accept</c> prefers (its highest quality, the most specific range of each media type deciding; ties and
    /// <c>*/*</c> go in the order of <see cref="Formats"/>, so CSV first); CSV without an <c>Accept</c>. Null when
    /// <c>Accept</c> allows none of them (a 406).
    /// </summary>
    public static string? Negotiate(string? format, HttpRequest request)
    {
        if (format is not null)
        {
            return format;
        }

        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return "csv";
        }

        string? chosen = null;
        var best = 0.0;
        foreach (var (name, (contentType, _)) in Formats)
        {
            var range = accept.Where(r => Infrastructure.Http.AcceptCheck.Admits(r, contentType)).OrderByDescending(Specificity).FirstOrDefault();
            var quality = range is null ? 0 : range.Quality ?? 1;
            if (quality > best)
            {
                (chosen, best) = (name, quality);
            }
        }

        return chosen;
    }

    private static int Specificity(MediaTypeHeaderValue range) =>
        range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2 + range.Parameters.Count;

    /// <summary>
    /// CSV cells that a spreadsheet would run as a formula (starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or
    /// carriage return) get a leading apostrophe, as OWASP recommends against CSV injection. Numbers stay numbers.
    /// </summary>
    public static string NeutraliseFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    public static async Task<long> WriteAsync<T>(
        HttpContext http, string dataset, string format, IAsyncEnumerable<T> rows, IReadOnlyList<ExportColumn<T>> columns, TimeProvider clock,
        Action<T> observe, CancellationToken cancellationToken)
    {
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        var (contentType, extension) = Formats[format];
        var stamp = clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        http.Response.ContentType = contentType;
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{dataset}-{stamp}.{extension}\"";
        http.Response.Headers.CacheControl = "no-store";
        var body = http.Response.Body;
        return format switch
        {
            "csv" => await WriteCsvAsync(body, rows, columns, observe, cancellationToken),
            "xlsx" => await WriteXlsxAsync(body, dataset, rows, columns, observe, cancellationToken),
            _ => await WriteJsonAsync(body, rows, columns, observe, lines: format == "jsonl", cancellationToken),
        };
    }

    private static async Task<long> WriteCsvAsync<T>(
        Stream body, IAsyncEnumerable<T> rows, IReadOnlyList<ExportColumn<T>> columns, Action<T> observe, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), ChunkSize, leaveOpen: true);
        var chunk = new StringBuilder(ChunkSize * 2);
        chunk.AppendJoin(',', columns.Select(c => Quote(c.Name))).Append("\r\n");
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            observe(row);
            for (var i = 0; i < columns.Count; i++)
            {
                if (i > 0)
                {
                    chunk.Append(',');
                }

                AppendCsv(chunk, columns[i].Value(row));
            }

            chunk.Append("\r\n");
            count++;
            if (chunk.Length >= ChunkSize)
            {
                // Rows are built in memory a chunk at a time and sent with one asynchronous write.
                await writer.WriteAsync(chunk, cancellationToken);
                chunk.Clear();
            }
        }

        await writer.WriteAsync(chunk, cancellationToken);
        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static void AppendCsv(StringBuilder line, object? value)
    {
        // Values are formatted straight into the chunk (no intermediate strings), invariantly.
        switch (value)
        {
            case null:
                return;
            case string text:
                line.Append(Quote(NeutraliseFormula(text)));
                return;
            case IEnumerable<string> many:
                line.Append(Quote(NeutraliseFormula(string.Join('|', many))));
                return;
            case int number:
                line.Append(CultureInfo.InvariantCulture, $"{number}");
                return;
            case long number:
                line.Append(CultureInfo.InvariantCulture, $"{number}");
                return;
            case bool flag:
                line.Append(flag ? "true" : "false");
                return;
            case DateOnly date:
                line.Append(CultureInfo.InvariantCulture, $"{date:yyyy-MM-dd}");
                return;
            case DateTimeOffset instant:
                line.Append(CultureInfo.InvariantCulture, $"{instant.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}");
                return;
            default:
                line.Append(Invariant(value));
                return;
        }
    }

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(CsvSpecial) < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static readonly SearchValues<char> CsvSpecial = SearchValues.Create(",\"\r\n");

    private static async Task<long> WriteJsonAsync<T>(
        Stream body, IAsyncEnumerable<T> rows, IReadOnlyList<ExportColumn<T>> columns, Action<T> observe, bool lines, CancellationToken cancellationToken)
    {
        var names = columns.Select(c => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(c.Name))).ToArray();
        // The writer fills an in-memory buffer; a full buffer goes to the response in one asynchronous write.
        var buffer = new ArrayBufferWriter<byte>(ChunkSize * 2);
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = lines };
        await using var writer = new Utf8JsonWriter(buffer, options);
        long count = 0;
        if (!lines)
        {
            writer.WriteStartArray();
        }

        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            observe(row);
            writer.WriteStartObject();
            for (var i = 0; i < columns.Count; i++)
            {
                writer.WritePropertyName(names[i]);
                WriteJsonValue(writer, columns[i].Value(row));
            }

            writer.WriteEndObject();
            count++;
            if (lines)
            {
                writer.Flush();
                buffer.Write("\n"u8);
                writer.Reset(buffer);
            }

            if (buffer.WrittenCount + writer.BytesPending >= ChunkSize)
            {
                writer.Flush();
                await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
                buffer.ResetWrittenCount();
            }
        }

        if (!lines)
        {
            writer.WriteEndArray();
        }

        writer.Flush();
        await body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        return count;
    }

    private static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string text: writer.WriteStringValue(text); break;
            case bool flag: writer.WriteBooleanValue(flag); break;
            case int number: writer.WriteNumberValue(number); break;
            case long number: writer.WriteNumberValue(number); break;
            case double number: writer.WriteNumberValue(number); break;
            case IEnumerable<string> many:
                writer.WriteStartArray();
                foreach (var item in many)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Invariant(value)); break;
        }
    }

    private static async Task<long> WriteXlsxAsync<T>(
        Stream body, string dataset, IAsyncEnumerable<T> rows, IReadOnlyList<ExportColumn<T>> columns, Action<T> observe, CancellationToken cancellationToken)
    {
        // The zip writer underneath writes a few small records synchronously (entry descriptors, the central directory);
        // Kestrel allows only asynchronous writes, so those are held and sent with the next asynchronous write.
        await using var output = new AsyncOnlyStream(body);
        await using var spreadsheet = await Spreadsheet.CreateNewAsync(output, cancellationToken: cancellationToken);
        await spreadsheet.StartWorksheetAsync(dataset.Length <= 31 ? dataset : dataset[..31], null, cancellationToken);
        await spreadsheet.AddHeaderRowAsync(columns.Select(c => c.Name).ToArray(), null, cancellationToken);
        var cells = new DataCell[columns.Count];
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            observe(row);
            for (var i = 0; i < columns.Count; i++)
            {
                cells[i] = columns[i].Value(row) switch
                {
                    null => new DataCell(),
                    string text => new DataCell(text),
                    int number => new DataCell(number),
                    long number => new DataCell(number),
                    double number => new DataCell(number),
                    bool flag => new DataCell(flag),
                    IEnumerable<string> many => new DataCell(string.Join('|', many)),
                    var other => new DataCell(Invariant(other)),
                };
            }

            await spreadsheet.AddRowAsync(cells, cancellationToken);
            count++;
        }

        await spreadsheet.FinishAsync(cancellationToken);
        await spreadsheet.DisposeAsync();
        await output.FlushAsync(cancellationToken);
        return count;
    }

    private static string Invariant(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

/// <summary>
/// The result of an export handler: streams rows of <typeparamref name="TItem"/>, then records the export in the audit
/// trail. Its metadata gives the document the row type and the media types of the formats.
/// </summary>
public sealed class ExportResult<TItem>(Func<HttpContext, Task> write) : IResult, IEndpointMetadataProvider, IAuditsItsOwnReads
{
    public Task ExecuteAsync(HttpContext httpContext) => write(httpContext);

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        string[] mediaTypes = [.. ExportWriter.Formats.Values.Select(f => f.ContentType)];
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), mediaTypes));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status406NotAcceptable, typeof(ProblemDetails), ["application/problem+json"]));
        builder.Metadata.Add(new ExportContentMetadata(typeof(TItem), mediaTypes));
    }
}

/// <summary>The columns of an export: the properties of <typeparamref name="TItem"/>, in order, read without reflection per row.</summary>
internal static class ExportItemColumns<TItem>
{
    public static readonly IReadOnlyList<ExportColumn<TItem>> Columns = [.. typeof(TItem).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p =>
        {
            var item = System.Linq.Expressions.Expression.Parameter(typeof(TItem));
            var value = System.Linq.Expressions.Expression.Convert(System.Linq.Expressions.Expression.Property(item, p), typeof(object));
            return new ExportColumn<TItem>(JsonNamingPolicy.CamelCase.ConvertName(p.Name),
                System.Linq.Expressions.Expression.Lambda<Func<TItem, object?>>(value, item).Compile());
        })];
}

/// <summary>A write-only stream over the response that turns synchronous writes into pending bytes sent asynchronously.</summary>
internal sealed class AsyncOnlyStream(Stream inner) : Stream
{
    private readonly MemoryStream pending = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => pending.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => pending.Write(buffer);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await SendPendingAsync(cancellationToken);
        await inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendPendingAsync(cancellationToken);
        await inner.FlushAsync(cancellationToken);
    }

    public override void Flush()
    {
        // Nothing synchronous reaches the response; FlushAsync sends what is pending.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await SendPendingAsync(CancellationToken.None);
        await pending.DisposeAsync();
        await base.DisposeAsync();
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        if (pending.Length == 0)
        {
            return;
        }

        await inner.WriteAsync(pending.GetBuffer().AsMemory(0, (int)pending.Length), cancellationToken);
        pending.SetLength(0);
    }
}
