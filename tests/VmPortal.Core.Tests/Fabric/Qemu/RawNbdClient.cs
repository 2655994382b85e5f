using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using VmPortal.Core.Fabric.Qemu;

namespace VmPortal.Core.Tests.Fabric.Qemu;

/// <summary>
/// An NBD client that says exactly what a test tells it, malformed or not: the hostile client QEMU never is. Every read
/// gives up after a few seconds, so a server that neither answers nor hangs up fails the test instead of hanging it.
/// </summary>
internal sealed class RawNbdClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawNbdClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Connects and reads the server's greeting, checking it is the fixed newstyle one.</summary>
    public static async Task<RawNbdClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var client = new RawNbdClient(tcp);
        var greeting = await client.ReadAsync(18);
        Assert.Equal("NBDMAGICIHAVEOPT", Encoding.ASCII.GetString(greeting, 0, 16));
        Assert.Equal(3, BinaryPrimitives.ReadUInt16BigEndian(greeting.AsSpan(16)));
        return client;
    }

    /// <summary>Connects, sends the client flags and picks the export with NBD_OPT_GO: ready for requests.</summary>
    public static async Task<RawNbdClient> OpenAsync(int port, string exportName)
    {
        var client = await ConnectAsync(port);
        await client.SendAsync(U32(3));
        var name = Encoding.UTF8.GetBytes(exportName);
        await client.SendOptionAsync(7, [.. U32((uint)name.Length), .. name, 0, 0]);
        while (true)
        {
            var (reply, _) = await client.ReadOptionReplyAsync();
            if (reply == 1) return client;
            Assert.Equal(3u, reply);
        }
    }

    public Task SendAsync(byte[] bytes) => _stream.WriteAsync(bytes).AsTask();

    public Task SendOptionAsync(uint option, byte[] data, uint? claimedLength = null) =>
        SendAsync([.. U64(NbdProtocol.OptionMagic), .. U32(option), .. U32(claimedLength ?? (uint)data.Length), .. data]);

    public async Task<(uint Reply, byte[] Data)> ReadOptionReplyAsync()
    {
        var header = await ReadAsync(20);
        Assert.Equal(NbdProtocol.OptionReplyMagic, BinaryPrimitives.ReadUInt64BigEndian(header));
        var length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(16));
        return (BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(12)), await ReadAsync((int)length));
    }

    /// <summary>Sends one request and returns the error of its simple reply, with the data a successful read carries.</summary>
    public async Task<(uint Error, byte[] Data)> RequestAsync(ushort command, ulong offset, uint length, byte[]? payload = null)
    {
        await SendAsync([.. U32(NbdProtocol.RequestMagic), 0, 0, .. U16(command), .. U64(42), .. U64(offset), .. U32(length), .. payload ?? []]);
        var reply = await ReadAsync(16);
        Assert.Equal(NbdProtocol.SimpleReplyMagic, BinaryPrimitives.ReadUInt32BigEndian(reply));
        Assert.Equal(42ul, BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(8)));
        var error = BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(4));
        return (error, command == 0 && error == 0 ? await ReadAsync((int)length) : []);
    }

    /// <summary>Whether the server hangs up: past any replies still on their way, the stream ends (or the connection is reset).</summary>
    public async Task<bool> IsClosedByServerAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var unread = new byte[4096];
        try
        {
            while (await _stream.ReadAsync(unread, timeout.Token) > 0) { }
            return true;
        }
        catch (IOException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<byte[]> ReadAsync(int length)
    {
        var bytes = new byte[length];
        using var timeout = new CancellationTokenSource(Patience);
        await _stream.ReadExactlyAsync(bytes, timeout.Token);
        return bytes;
    }

    public static byte[] U16(ushort value) => [(byte)(value >> 8), (byte)value];

    public static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    public static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
