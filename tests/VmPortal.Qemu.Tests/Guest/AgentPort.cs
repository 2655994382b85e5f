using System.Net.Sockets;

namespace VmPortal.Qemu.Tests.Guest;

/// <summary>The host end of the guest agent's virtio serial port (a QEMU unix socket): one line out, one line back.</summary>
internal sealed class AgentPort : IDisposable
{
    private readonly Socket _socket;
    private readonly StreamReader _reader;
    private readonly StreamWriter _writer;

    private AgentPort(Socket socket)
    {
        _socket = socket;
        var stream = new NetworkStream(socket, ownsSocket: false);
        _reader = new StreamReader(stream);
        _writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
    }

    public static async Task<AgentPort> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        return new AgentPort(socket);
    }

    public async Task<string> AskAsync(string command, CancellationToken cancellationToken)
    {
        await _writer.WriteLineAsync(command.AsMemory(), cancellationToken);
        return await _reader.ReadLineAsync(cancellationToken) ?? throw new IOException($"the agent closed its port instead of answering '{command}'");
    }

    public void Dispose()
    {
        _reader.Dispose();
        _writer.Dispose();
        _socket.Dispose();
    }
}
