using System.Net;

namespace CoordinationApi.Features.Webhooks;

/// <summary>Settings of webhook delivery (section <c>Webhooks</c>).</summary>
public sealed record WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary><c>Webhooks:DisableAfterFailures</c>: consecutive failed attempts after which a subscription is disabled (default 10).</summary>
    public int DisableAfterFailures { get; init; } = 10;

    /// <summary><c>Webhooks:RetryBaseSeconds</c>: the wait after a first failed attempt, doubled after each further one (default 30).</summary>
    public double RetryBaseSeconds { get; init; } = 30;

    /// <summary><c>Webhooks:RetryMaxSeconds</c>: the longest wait between two attempts (default 21600, six hours).</summary>
    public double RetryMaxSeconds { get; init; } = 21600;

    /// <summary><c>Webhooks:TimeoutSeconds</c>: how long one attempt may take before it counts as failed (default 10).</summary>
    public double TimeoutSeconds { get; init; } = 10;

    /// <summary><c>Webhooks:AllowHttp</c>: accept plain-http targets on any host (default false: https only, except loopback).</summary>
    public bool AllowHttp { get; init; }

    /// <summary>
    /// <c>Webhooks:AllowedPrivateNetworks</c>: CIDR ranges (comma-separated, e.g. <c>10.20.0.0/16,127.0.0.1/32</c>) of
    /// private, loopback or link-local addresses a target may have. Empty (the default): only public addresses.
    /// </summary>
    public string AllowedPrivateNetworks { get; init; } = "";

    /// <summary>The parsed <see cref="AllowedPrivateNetworks"/>.</summary>
    public IReadOnlyList<IPNetwork> PrivateNetworks() =>
        [.. AllowedPrivateNetworks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(IPNetwork.Parse)];

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failed ones.</summary>
    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(RetryMaxSeconds, RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1))));
}
