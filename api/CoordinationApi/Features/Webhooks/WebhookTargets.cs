using System.Net;
using System.Net.Sockets;

namespace CoordinationApi.Features.Webhooks;

/// <summary>
/// Where a webhook may be sent (SSRF defence). A target URL is absolute, https (plain http only for a loopback host or
/// with <c>Webhooks:AllowHttp</c>), without user information or fragment; every address it connects to is public unless it
/// falls in <c>Webhooks:AllowedPrivateNetworks</c>. The address is checked when the sender connects (after DNS, so a name
/// that resolves to an internal address later is refused too), and redirects are not followed.
/// </summary>
public sealed class WebhookTargets(WebhookOptions options)
{
    private readonly IReadOnlyList<IPNetwork> allowed = options.PrivateNetworks();

    private static readonly IPNetwork[] NonPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("100.64.0.0/10"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.0.0.0/24"), IPNetwork.Parse("192.0.2.0/24"),
        IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("198.18.0.0/15"), IPNetwork.Parse("198.51.100.0/24"), IPNetwork.Parse("203.0.113.0/24"),
        IPNetwork.Parse("224.0.0.0/4"), IPNetwork.Parse("240.0.0.0/4"),
        IPNetwork.Parse("::/128"), IPNetwork.Parse("::1/128"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("64:ff9b::/96"), IPNetwork.Parse("2001:db8::/32"),
    ];

    /// <summary>Why <paramref name="url"/> cannot be a target, or null when it can (addresses of names are checked at connection).</summary>
    public string? Refusal(string url)
    {
        if (url.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return "The URL may not hold spaces or control characters (also none before or after it).";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return "Give an absolute https URL.";
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return "The URL may not hold user information or a fragment.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !options.AllowHttp && !uri.IsLoopback)
        {
            return "Use https: plain http is accepted only for a loopback receiver.";
        }

        if (IPAddress.TryParse(uri.DnsSafeHost, out var address) && !IsAllowed(address))
        {
            return "The URL points at a private, loopback or reserved address, which is not allowed here.";
        }

        if (uri.AbsoluteUri.Length > WebhookSubscriptionsEndpoints.MaxUrlLength)
        {
            return $"The URL is longer than {WebhookSubscriptionsEndpoints.MaxUrlLength} characters once normalised.";
        }

        return null;
    }

    /// <summary>The URL as stored: the normalised absolute URI (lower-case scheme and host, canonical address); as given when it does not parse.</summary>
    public static string Normalised(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsoluteUri : url;

    /// <summary>Whether the sender may connect to <paramref name="address"/>.</summary>
    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return !NonPublic.Any(n => n.Contains(address)) || allowed.Any(n => n.Contains(address));
    }

    /// <summary>The sender's connection step: resolves the host and connects only to an allowed address.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var usable = addresses.Where(IsAllowed).ToArray();
        if (usable.Length == 0)
        {
            throw new HttpRequestException($"The target {host} resolves to no address a webhook may be sent to (private, loopback or reserved).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(usable, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
