using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ReleaseLint.Tests.Hostile;

/// <summary>
/// An HTTP server on 127.0.0.1 that answers every request with a 200 whose body never ends in practice: chunks of
/// <c>[</c> streamed without a Content-Length, up to <see cref="BodyBytes"/>, until the client hangs up. It counts what
/// it managed to send. Bounded: one body per request, stops by itself when disposed.
/// </summary>
internal sealed class HostileHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _sent;

    public HostileHttpServer(long bodyBytes)
    {
        BodyBytes = bodyBytes;
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The size of the body each answer would have.</summary>
    public long BodyBytes { get; }

    /// <summary>The base URL.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Body bytes written to clients so far (what they were made to read, at most).</summary>
    public long BytesSent => Interlocked.Read(ref _sent);

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var header = new StringBuilder();
                var one = new byte[1];
                while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && header.Length < 65536)
                {
                    if (await stream.ReadAsync(one, _stop.Token) == 0) return;
                    header.Append((char)one[0]);
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"), _stop.Token);
                var chunk = Encoding.ASCII.GetBytes(new string('[', 65536));
                var prefix = Encoding.ASCII.GetBytes("10000\r\n");
                var suffix = Encoding.ASCII.GetBytes("\r\n");
                for (long sent = 0; sent < BodyBytes && !_stop.IsCancellationRequested; sent += chunk.Length)
                {
                    await stream.WriteAsync(prefix, _stop.Token);
                    await stream.WriteAsync(chunk, _stop.Token);
                    await stream.WriteAsync(suffix, _stop.Token);
                    Interlocked.Add(ref _sent, chunk.Length);
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes("0\r\n\r\n"), _stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client hung up: what it was made to read is counted.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
