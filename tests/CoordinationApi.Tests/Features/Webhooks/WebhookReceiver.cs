using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CoordinationApi.Tests.Features.Webhooks;

/// <summary>One request the receiver got, in arrival order (<see cref="Sequence"/>).</summary>
internal sealed record Receipt(long Sequence, string Path, string WebhookId, string Type, JsonElement Data, bool Accepted, bool SignatureValid);

/// <summary>
/// A real HTTP receiver on loopback (Kestrel), as an agency system would run one. It verifies each request's Standard
/// Webhooks signature with its own HMAC code and the secret it was given for the path, answers 401 to a bad signature, and
/// answers 500 whenever <see cref="FailWhen"/> says so. It can stop and start again on the same port.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> secrets = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Receipt> receipts = new();
    private readonly ConcurrentDictionary<string, int> attemptsById = new(StringComparer.Ordinal);
    private long sequence;
    private WebApplication? app;

    public int Port { get; private set; }

    /// <summary>(path, webhook-id, attempt number of that id at this path, data) → answer 500.</summary>
    public Func<string, string, int, JsonElement, bool> FailWhen { get; set; } = (_, _, _, _) => false;

    public IReadOnlyList<Receipt> Receipts => [.. receipts.OrderBy(r => r.Sequence)];

    public IReadOnlyList<Receipt> At(string path) => [.. Receipts.Where(r => r.Path == path)];

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public void Expect(string path, string secret) => secrets[path] = secret;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
        app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    public async Task StopAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
            app = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var path = http.Request.Path.Value ?? "";
        var id = http.Request.Headers["webhook-id"].ToString();
        var timestamp = http.Request.Headers["webhook-timestamp"].ToString();
        var signatures = http.Request.Headers["webhook-signature"].ToString();
        var valid = secrets.TryGetValue(path, out var secret) && Verify(secret, id, timestamp, body, signatures);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            root = default;
        }

        var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : default;
        var attempt = attemptsById.AddOrUpdate($"{path} {id}", 1, (_, n) => n + 1);
        var accepted = valid && !FailWhen(path, id, attempt, data);
        receipts.Enqueue(new Receipt(Interlocked.Increment(ref sequence), path, id, type, data, accepted, valid));
        http.Response.StatusCode = !valid ? StatusCodes.Status401Unauthorized : accepted ? StatusCodes.Status204NoContent : StatusCodes.Status500InternalServerError;
    }

    /// <summary>Standard Webhooks verification, written here independently of the API's signing code.</summary>
    private static bool Verify(string secret, string id, string timestamp, string body, string signatures)
    {
        if (!secret.StartsWith("whsec_", StringComparison.Ordinal) || !long.TryParse(timestamp, out var seconds)
            || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300 || !id.StartsWith("evt_", StringComparison.Ordinal))
        {
            return false;
        }

        using var hmac = new HMACSHA256(Convert.FromBase64String(secret["whsec_".Length..]));
        var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));
        foreach (var signature in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = signature.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0 && signature[..comma] == "v1")
            {
                try
                {
                    if (CryptographicOperations.FixedTimeEquals(Convert.FromBase64String(signature[(comma + 1)..]), expected))
                    {
                        return true;
                    }
                }
                catch (FormatException)
                {
                    return false;
                }
            }
        }

        return false;
    }
}
