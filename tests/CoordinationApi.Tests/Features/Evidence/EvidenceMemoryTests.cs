using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;
using TaskApi = CoordinationApi.Tests.Features.Tasks.TaskApi;

namespace CoordinationApi.Tests.Features.Evidence;

/// <summary>
/// An evidence file streams in and out: the bytes allocated by the whole process while one is uploaded and downloaded do
/// not grow with its size (8 MB and 64 MB cost about the same, far below either size). A handler that read the body whole,
/// or a download buffered in memory, allocates at least the file's size and fails here. Alone on the machine
/// (NonParallelizable): allocations are counted process-wide. <c>bench/evidence-memory.sh</c> measures the RSS of a real
/// API process with 200 MB.
/// </summary>
[NonParallelizable]
public sealed class EvidenceMemoryTests() : ApiTest("Sqlite")
{
    private const int Small = 8 * 1024 * 1024;
    private const int Large = 64 * 1024 * 1024;

    [Test]
    public async Task Uploading_and_downloading_tens_of_megabytes_allocates_no_more_than_a_few()
    {
        var coordinator = As("mps.coordinator");
        var taskId = await TaskApi.Create(coordinator, TaskApi.NewTask($"Evidence memory {Guid.NewGuid():N}"), "in_progress", As("mps.officer"));
        var reportId = (await TaskApi.Json(await TaskApi.Report(coordinator, taskId, 10, unit: "MPS-A05"), HttpStatusCode.Created)).GetProperty("id").GetInt32();
        var url = $"/api/v1/tasks/{taskId}/reports/{reportId}/evidence";

        // Without the redirect handler of the default client, which copies a request's body into memory to resend it.
        using var streaming = Factory.CreateDefaultClient(Factory.ClientOptions.BaseAddress);
        streaming.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await SignIn("mps.coordinator", DemoPassword));

        // Warm up (JIT, pools, connections) with a small file, then measure each size.
        await RoundTrip(streaming, url, 1024 * 1024);
        // Allocations are counted process-wide, so whatever else the test process does at the time (another fixture's
        // background jobs, the runner) adds to them; never less: the least of three round trips is the upload's own.
        var small = await LeastOf(3, () => RoundTrip(streaming, url, Small));
        var large = await LeastOf(3, () => RoundTrip(streaming, url, Large));
        TestContext.Out.WriteLine($"allocated: {Small / 1048576} MB file: upload {small.Upload / 1048576.0:F1} MB, download {small.Download / 1048576.0:F1} MB; "
            + $"{Large / 1048576} MB file: upload {large.Upload / 1048576.0:F1} MB, download {large.Download / 1048576.0:F1} MB");

        Assert.Multiple(() =>
        {
            Assert.That(large.Upload, Is.LessThan(Large / 8), "uploading 64 MB allocates far less than 64 MB");
            Assert.That(large.Download, Is.LessThan(Large / 8), "downloading 64 MB allocates far less than 64 MB");
            Assert.That(large.Upload - small.Upload, Is.LessThan(4 * 1024 * 1024), "eight times the bytes, about the same allocations (upload)");
            Assert.That(large.Download - small.Download, Is.LessThan(4 * 1024 * 1024), "eight times the bytes, about the same allocations (download)");
        });
    }

    private static async Task<(long Upload, long Download)> LeastOf(int times, Func<Task<(long Upload, long Download)>> measure)
    {
        var least = (Upload: long.MaxValue, Download: long.MaxValue);
        for (var i = 0; i < times; i++)
        {
            var (upload, download) = await measure();
            least = (Math.Min(least.Upload, upload), Math.Min(least.Download, download));
        }

        return least;
    }

    private static async Task<(long Upload, long Download)> RoundTrip(HttpClient client, string url, int size)
    {
        var expected = GeneratedPdf.Hash(size);
        Settle();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        using var upload = await client.PostAsync(new Uri($"{url}?fileName=large-{size}.pdf", UriKind.Relative), new GeneratedPdf(size));
        var uploaded = GC.GetTotalAllocatedBytes(precise: true) - before;
        var body = await upload.Content.ReadAsStringAsync();
        Assert.That(upload.StatusCode, Is.EqualTo(HttpStatusCode.Created), body);
        var evidence = JsonDocument.Parse(body).RootElement;
        Assert.That(evidence.GetProperty("sha256").GetString(), Is.EqualTo(Convert.ToHexStringLower(expected)));

        Settle();
        before = GC.GetTotalAllocatedBytes(precise: true);
        using var download = await client.GetAsync(new Uri($"/api/v1/evidence/{evidence.GetProperty("id").GetInt32()}/content", UriKind.Relative),
            HttpCompletionOption.ResponseHeadersRead);
        Assert.That(download.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var stream = await download.Content.ReadAsStreamAsync();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long read = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            read += n;
        }

        var downloaded = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(read, Is.EqualTo(size));
        Assert.That(hash.GetHashAndReset(), Is.EqualTo(expected), "the bytes downloaded are the bytes uploaded");
        return (uploaded, downloaded);
    }

    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>A PDF of any size written from one small buffer: the test itself holds no file in memory.</summary>
    private sealed class GeneratedPdf : HttpContent
    {
        private const int Chunk = 64 * 1024;
        private readonly int size;

        public GeneratedPdf(int size)
        {
            this.size = size;
            Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        }

        public static byte[] Hash(int size)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var chunk in Chunks(size))
            {
                hash.AppendData(chunk.Span);
            }

            return hash.GetHashAndReset();
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            foreach (var chunk in Chunks(size))
            {
                await stream.WriteAsync(chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = size;
            return true;
        }

        private static IEnumerable<ReadOnlyMemory<byte>> Chunks(int size)
        {
            var buffer = new byte[Chunk];
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = (byte)((i * 31) ^ (i >> 8));
            }

            "%PDF-1.7\n"u8.CopyTo(buffer);
            for (var sent = 0; sent < size; sent += Chunk)
            {
                yield return buffer.AsMemory(0, Math.Min(Chunk, size - sent));
                "%%chunk\n"u8.CopyTo(buffer); // every chunk after the first starts otherwise, so the file is not one block repeated
            }
        }
    }
}
