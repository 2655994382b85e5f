using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// The QEMU Machine Protocol on a VM's control socket: one JSON command at a time, answered by <c>return</c> or
/// <c>error</c>; the events QEMU sends in between (STOP, RESUME, SHUTDOWN…) are skipped, the machine watches its
/// process instead. Each command carries an id that QEMU echoes, so the answer to a command whose wait was cancelled is
/// never taken for the next command's.
/// </summary>
public sealed class QmpClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly Stream _stream;
    private readonly SemaphoreSlim _one = new(1, 1);
    private long _lastId;

    private QmpClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(_stream, Encoding.UTF8);
    }

    /// <summary>Connects, reads QEMU's greeting and leaves capabilities negotiation, so commands may follow.</summary>
    public static async Task<QmpClient> ConnectAsync(string socketPath, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            var client = new QmpClient(socket);
            var greeting = await client.ReadMessageAsync(ct);
            if (greeting["QMP"] is null) throw new QemuException($"'{socketPath}' does not speak QMP: {greeting.ToJsonString()}");
            await client.ExecuteAsync("qmp_capabilities", null, ct);
            return client;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Runs one command; its <c>return</c> value, or a <see cref="QemuException"/> with QEMU's own description.</summary>
    public async Task<JsonNode?> ExecuteAsync(string command, object? arguments, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var id = (++_lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var request = new JsonObject { ["execute"] = command, ["id"] = id };
            if (arguments is not null) request["arguments"] = JsonSerializer.SerializeToNode(arguments);
            var bytes = Encoding.UTF8.GetBytes(request.ToJsonString() + "\n");
            await _stream.WriteAsync(bytes, ct);
            while (true)
            {
                var message = await ReadMessageAsync(ct);
                if (message["event"] is not null) continue;
                if (message["id"]?.GetValue<string>() != id) continue; // an earlier command's, whose wait was given up
                if (message["error"] is { } error)
                    throw new QemuException($"QEMU refused {command}: {error["desc"]?.GetValue<string>() ?? error.ToJsonString()}");
                return message["return"];
            }
        }
        finally { _one.Release(); }
    }

    private async Task<JsonObject> ReadMessageAsync(CancellationToken ct)
    {
        var line = await _reader.ReadLineAsync(ct) ?? throw new QemuException("QEMU closed its control socket.");
        return JsonNode.Parse(line) as JsonObject ?? throw new QemuException($"QEMU sent something that is not a QMP message: {line}");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _socket.Dispose();
        _one.Dispose();
        return ValueTask.CompletedTask;
    }
}
