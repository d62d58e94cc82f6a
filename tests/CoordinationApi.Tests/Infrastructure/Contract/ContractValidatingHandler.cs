using System.Collections.Concurrent;
using System.Text.Json;

namespace CoordinationApi.Tests.Infrastructure.Contract;

/// <summary>
/// Sits between every HTTP client the <see cref="ApiFactory"/> creates and the API, and holds each response of
/// <c>/api/…</c> to the committed OpenAPI document (<see cref="OpenApiContract"/>). A departure fails the test that made
/// the request, naming the method, path, status, place and rule, and is also written to
/// <c>artifacts/contract-violations.json</c> at the end of the run. JSON bodies are buffered to be read; files
/// (CSV, calendars, XLSX) are left streaming. Paths outside <c>/api/</c> (the web app, Swagger UI, health probes) are not
/// part of the document.
/// </summary>
public sealed class ContractValidatingHandler(OpenApiContract contract) : DelegatingHandler
{
    public ContractValidatingHandler()
        : this(OpenApiContract.Committed)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString ?? "";
        if (!path.StartsWith("/api/", StringComparison.Ordinal))
        {
            return response;
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (mediaType.EndsWith("json", StringComparison.OrdinalIgnoreCase) || request.Method == HttpMethod.Head)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
        }

        var violations = await contract.CheckAsync(request, response, cancellationToken);
        ContractLedger.Record(violations);
        if (violations.Count > 0)
        {
            Assert.Fail(ContractLedger.Describe(violations));
        }

        return response;
    }
}

/// <summary>Every response the validator saw in this run, and every departure, for <c>artifacts/contract-violations.json</c>.</summary>
public static class ContractLedger
{
    private static readonly ConcurrentQueue<ContractViolation> Violations = new();
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerOptions.Web) { WriteIndented = true };
    private static long responses;

    public static long Responses => Interlocked.Read(ref responses);

    public static IReadOnlyCollection<ContractViolation> All => Violations;

    public static void Record(IReadOnlyList<ContractViolation> found)
    {
        Interlocked.Increment(ref responses);
        foreach (var violation in found)
        {
            Violations.Enqueue(violation);
        }
    }

    public static string Describe(IReadOnlyList<ContractViolation> violations) =>
        $"The response departs from api/openapi/v1.json ({violations.Count} violation(s)); fix the API or the document's "
        + "generation (api/CoordinationApi/Infrastructure/OpenApi/, endpoint metadata), never v1.json by hand:"
        + Environment.NewLine + string.Join(Environment.NewLine, violations.Select(v => "  " + v));

    /// <summary>Writes the run's tally and departures to <c>artifacts/contract-violations.json</c> (git-ignored).</summary>
    public static string WriteArtifact()
    {
        var folder = Path.Combine(RepositoryRoot.Path, "artifacts");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "contract-violations.json");
        var all = Violations.ToList();
        File.WriteAllText(file, JsonSerializer.Serialize(new
        {
            responsesValidated = Responses,
            jsonBodiesValidated = OpenApiContract.Committed.BodiesValidated,
            violationCount = all.Count,
            byRule = all.GroupBy(v => v.Rule).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            violations = all,
        }, Indented));
        return file;
    }
}
