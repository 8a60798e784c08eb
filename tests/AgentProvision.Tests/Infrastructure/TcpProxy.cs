using System.Net;
using System.Net.Sockets;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder the tests can cut: while disabled it drops every open connection and closes new ones
/// at once, which is what a crashed broker or connector looks like to its clients. A Toxiproxy in miniature.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint target;
    private readonly List<TcpClient> open = [];
    private readonly CancellationTokenSource stopping = new();
    private volatile bool enabled = true;

    public TcpProxy(string host, int port)
    {
        target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Disable()
    {
        enabled = false;
        lock (open)
        {
            foreach (var client in open)
            {
                client.Dispose();
            }

            open.Clear();
        }
    }

    public void Enable() => enabled = true;

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            if (!enabled)
            {
                inbound.Dispose();
                continue;
            }

            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(target, stopping.Token);
            lock (open)
            {
                open.Add(inbound);
                open.Add(outbound);
            }

            var inStream = inbound.GetStream();
            var outStream = outbound.GetStream();
            await Task.WhenAny(inStream.CopyToAsync(outStream, stopping.Token), outStream.CopyToAsync(inStream, stopping.Token));
        }
        catch (Exception)
        {
            // Either side went away (or the test cut the line): close both.
        }
        finally
        {
            lock (open)
            {
                open.Remove(inbound);
                open.Remove(outbound);
            }

            inbound.Dispose();
            outbound.Dispose();
        }
    }

    public ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        Disable();
        stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
