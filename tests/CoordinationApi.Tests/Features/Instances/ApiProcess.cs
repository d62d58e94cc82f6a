using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CoordinationApi.Tests.Infrastructure;

namespace CoordinationApi.Tests.Features.Instances;

/// <summary>
/// The API as a real process (<c>dotnet CoordinationApi.dll</c>, the build the tests were built with) on a loopback port,
/// started by the test and stopped by its process id. Several of them on one database file are several instances.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ApiProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int ProcessId => process.Id;

    /// <summary>What the process wrote so far, for assertion messages.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static string ApiDll
    {
        get
        {
            var tests = typeof(Program).Assembly.Location;
            var configuration = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(tests)))!;
            return Path.Combine(RepositoryRoot.Path, "api", "CoordinationApi", "bin", configuration, "net10.0", "CoordinationApi.dll");
        }
    }

    /// <summary>Starts a process of the API with <paramref name="settings"/> (configuration keys) and the given arguments.</summary>
    public static Process Run(IDictionary<string, string> settings, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [ApiDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(ApiDll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
    }

    /// <summary>Starts the API on a free loopback port and waits until <c>/health/ready</c> answers 200.</summary>
    public static async Task<ApiProcess> StartAsync(IDictionary<string, string> settings)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var api = new ApiProcess(Run(settings, "--urls", baseAddress.ToString().TrimEnd('/')), baseAddress);
        using var probe = new HttpClient(new Infrastructure.Contract.ContractValidatingHandler { InnerHandler = new HttpClientHandler() })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(5),
        };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (api.process.HasExited)
            {
                throw new InvalidOperationException($"The API exited ({api.process.ExitCode}) before it was ready:\n{api.Output}");
            }

            try
            {
                using var ready = await probe.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy preparing the database.
            }

            await Task.Delay(200);
        }

        await api.DisposeAsync();
        throw new InvalidOperationException($"The API was not ready within 90 s:\n{api.Output}");
    }

    public HttpClient Client() => new(new Infrastructure.Contract.ContractValidatingHandler { InnerHandler = new HttpClientHandler() })
    {
        BaseAddress = BaseAddress,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>A client signed in as <paramref name="username"/>.</summary>
    public async Task<HttpClient> SignedIn(string username, string password = ApiTest.DemoPassword)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync(new Uri("/api/v1/auth/token", UriKind.Relative), new { username, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"sign-in as {username} on {BaseAddress}: {body}");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", JsonDocument.Parse(body).RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>Stops the process by its id (SIGTERM, then kill after 10 s).</summary>
    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            // Process.Kill would not let the API shut down gracefully; SIGTERM by process id does.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
