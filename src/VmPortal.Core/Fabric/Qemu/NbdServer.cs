using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using VmPortal.Core.Disks;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// An NBD server on 127.0.0.1 whose one export is a disk's page blob (<see cref="PageBlobExport"/>): QEMU attaches it
/// as a virtio disk, so what the guest writes lands in the blob. Serves any number of connections, one after another
/// or at once (QEMU reconnects). A client that breaks the protocol loses its own connection, logged; nothing a client
/// sends reaches the process as an exception. Disposing stops listening and closes every connection.
/// </summary>
public sealed class NbdServer : IAsyncDisposable
{
    /// <summary>A client that has not chosen the export by then is not QEMU negotiating; it is dropped.</summary>
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);

    private readonly TcpListener _listener;
    private readonly PageBlobExport _export;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, (Socket Socket, Task Serving)> _connections = new();
    private readonly Task _accepting;
    private long _lastConnection;
    private int _disposed;

    private NbdServer(TcpListener listener, PageBlobExport export, ILogger logger)
    {
        _listener = listener;
        _export = export;
        _logger = logger;
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The name a client asks for: the blob's name.</summary>
    public string ExportName => _export.Name;

    /// <summary>The export as QEMU names it: <c>nbd://127.0.0.1:port/name</c>.</summary>
    public Uri Uri => new($"nbd://{IPAddress.Loopback}:{Port}/{Uri.EscapeDataString(ExportName)}");

    /// <summary>The disk's size as the guest sees it (the blob without its VHD footer).</summary>
    public long ExportSize => _export.Size;

    /// <summary>Serves the disk at <paramref name="mediaLink"/> on a free loopback port; returns once it listens.</summary>
    public static async Task<NbdServer> StartAsync(DiskStore disks, Uri mediaLink, ILogger<NbdServer> logger, CancellationToken cancellationToken = default)
    {
        var export = await PageBlobExport.OpenAsync(disks, mediaLink, cancellationToken);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        try
        {
            listener.Start();
        }
        catch
        {
            export.Dispose();
            throw;
        }
        var server = new NbdServer(listener, export, logger);
        logger.LogInformation("NBD server for {Disk} listens on {Uri} ({Size} bytes)", mediaLink, server.Uri, export.Size);
        return server;
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                // A client that reset before it was accepted: the listener is fine, the next one is served.
                _logger.LogDebug(e, "NBD accept on {Uri} failed", Uri);
                continue;
            }
            var id = Interlocked.Increment(ref _lastConnection);
            var serving = new TaskCompletionSource();
            _connections[id] = (socket, serving.Task);
            _ = ServeAsync(id, socket).ContinueWith(_ => serving.SetResult(), TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(long id, Socket socket)
    {
        var client = socket.RemoteEndPoint?.ToString() ?? "?";
        try
        {
            // Replies are small and awaited one by one: without this, Nagle holds each back for the client's delayed ACK.
            socket.NoDelay = true;
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            _logger.LogDebug("NBD client {Client} connected to {Export}", client, ExportName);
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                handshake.CancelAfter(HandshakeTimeout);
                if (!await NbdHandshake.NegotiateAsync(stream, _export, handshake.Token)) return;
            }
            using var connection = new NbdConnection(stream, _export, _logger, client);
            await connection.RunAsync(_stopping.Token);
            _logger.LogDebug("NBD client {Client} of {Export} disconnected", client, ExportName);
        }
        catch (NbdProtocolException e)
        {
            _logger.LogWarning("NBD client {Client} of {Export} broke the protocol and was disconnected: {Problem}", client, ExportName, e.Message);
        }
        catch (Exception e) when (e is IOException or SocketException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            _logger.LogDebug("NBD connection {Client} of {Export} ended: {Reason}", client, ExportName, e.Message);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "NBD connection {Client} of {Export} failed", client, ExportName);
        }
        finally
        {
            socket.Dispose();
            _connections.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        _listener.Stop();
        await _accepting;
        var open = _connections.Values.ToList();
        foreach (var (socket, _) in open) socket.Dispose();
        await Task.WhenAll(open.Select(c => c.Serving));
        _stopping.Dispose();
        _export.Dispose();
        _logger.LogInformation("NBD server for {Export} stopped", ExportName);
    }
}
