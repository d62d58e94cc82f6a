namespace CoordinationApi.Infrastructure.Http;

/// <summary>
/// <c>HEAD</c> wherever <c>GET</c> exists (RFC 9110, section 9.3.2): the request runs as a GET, with the same status and
/// headers (ETag, Content-Type, Content-Length), and its body is dropped. Runs before routing, so every GET endpoint
/// answers HEAD without mapping it twice.
/// </summary>
public sealed class HeadRequests(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }

        http.Request.Method = HttpMethods.Get;
        http.Items[HeadMarker] = true;
        var body = http.Response.Body;
        await using var counting = new CountingStream();
        http.Response.Body = counting;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = body;
            http.Request.Method = HttpMethods.Head;
        }

        if (!http.Response.HasStarted && http.Response.ContentLength is null)
        {
            http.Response.ContentLength = counting.Length;
        }
    }

    /// <summary>Whether this request, running as a GET, is a HEAD: a handler that reads or records more than headers (an export) can skip it.</summary>
    public static bool IsHead(HttpContext http) => http.Items.ContainsKey(HeadMarker);

    private static readonly object HeadMarker = new();

    /// <summary>Counts what the GET would have sent and sends nothing.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            length += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
