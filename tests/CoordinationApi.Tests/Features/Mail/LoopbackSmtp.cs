using System.Net;
using System.Net.Sockets;
using netDumbster.smtp;

namespace CoordinationApi.Tests.Features.Mail;

/// <summary>A real SMTP server on loopback (netDumbster), stopped and started again on the same port by the outage tests.</summary>
internal sealed class LoopbackSmtp : IDisposable
{
    private readonly List<string> received = [];
    private SimpleSmtpServer? server;

    public LoopbackSmtp(int port)
    {
        Port = port;
        Start();
    }

    public int Port { get; }

    /// <summary>Every mail received, across restarts, in the order they arrived.</summary>
    public IEnumerable<string> Raw
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    public void Start()
    {
        if (server is null)
        {
            server = SimpleSmtpServer.Start(Port);
            server.MessageReceived += (_, args) =>
            {
                lock (received)
                {
                    received.Add(args.Message.Data);
                }
            };
        }
    }

    public void Stop()
    {
        server?.Dispose();
        server = null;
    }

    public void Dispose() => Stop();

    /// <summary>A port free on loopback at the time of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
