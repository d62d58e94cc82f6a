using MailKit.Security;
using MimeKit;

namespace CoordinationApi.Features.Mail;

/// <summary>How the API reaches its mail relay (section <c>Mail</c>). Without <see cref="Host"/> no mail is sent: rows wait.</summary>
public sealed record MailOptions
{
    /// <summary><c>Mail:Host</c>: the SMTP relay (a ministry's mail relay); empty: mail is off and queued rows wait.</summary>
    public string Host { get; init; } = "";

    /// <summary><c>Mail:Port</c>: 25, 587 (submission with STARTTLS) or 465 (TLS on connect).</summary>
    public int Port { get; init; } = 25;

    /// <summary><c>Mail:Security</c>: None, StartTls, SslOnConnect or Auto (STARTTLS when offered; TLS on connect on port 465).</summary>
    public MailSecurity Security { get; init; } = MailSecurity.Auto;

    /// <summary><c>Mail:UserName</c>, <c>Mail:Password</c>: credentials, when the relay asks for them.</summary>
    public string UserName { get; init; } = "";

    public string Password { get; init; } = "";

    /// <summary><c>Mail:From</c>: the sender, e.g. <c>"Sổ điều phối" &lt;no-reply@coordination.mps.gov.vn&gt;</c>.</summary>
    public string From { get; init; } = "";

    /// <summary><c>Mail:PublicBaseUrl</c>: the web app's address, the start of every link in a mail.</summary>
    public string PublicBaseUrl { get; init; } = "http://127.0.0.1:5080";

    /// <summary><c>Mail:DigestHour</c>: the hour (0–23, Vietnam time) of the daily digest.</summary>
    public int DigestHour { get; init; } = 7;

    /// <summary><c>Mail:RetrySeconds</c>: the first wait after a failed attempt; each further failure doubles it.</summary>
    public double RetrySeconds { get; init; } = 60;

    /// <summary><c>Mail:RetryMaxSeconds</c>: the longest wait between two attempts.</summary>
    public double RetryMaxSeconds { get; init; } = 3600;

    /// <summary><c>Mail:TimeoutSeconds</c>: how long one SMTP command may take.</summary>
    public double TimeoutSeconds { get; init; } = 30;

    public bool Enabled => Host.Length > 0;

    public SecureSocketOptions SocketOptions => Security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.Auto,
    };

    /// <summary>The wait before attempt number <paramref name="attempts"/> + 1, after <paramref name="attempts"/> failures.</summary>
    public TimeSpan Backoff(int attempts) =>
        TimeSpan.FromSeconds(Math.Min(RetryMaxSeconds, RetrySeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30))));

    /// <summary>Refuses a configuration that could never send, at start-up rather than on the first mail.</summary>
    public void Validate()
    {
        if (!Enabled)
        {
            return;
        }

        if (!MailboxAddress.TryParse(From, out _))
        {
            throw new InvalidOperationException("Mail:From must be an e-mail address when Mail:Host is set.");
        }

        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException("Mail:PublicBaseUrl must be an absolute http(s) address.");
        }

        if (Port is < 1 or > 65535 || DigestHour is < 0 or > 23 || RetrySeconds <= 0 || RetryMaxSeconds < RetrySeconds || TimeoutSeconds <= 0)
        {
            throw new InvalidOperationException(
                "Mail:Port must be 1–65535, Mail:DigestHour 0–23, Mail:RetrySeconds above 0 and not above Mail:RetryMaxSeconds, Mail:TimeoutSeconds above 0.");
        }
    }
}

/// <summary>The relay's transport security (<c>Mail:Security</c>).</summary>
public enum MailSecurity
{
    Auto,
    None,
    StartTls,
    SslOnConnect,
}
