using System.Net.Sockets;
using System.Text;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// The guest agent's virtio serial port (<c>org.vmportal.agent</c>), reached through the unix socket QEMU serves it on:
/// one command per line, answered by one line that starts with <c>ok</c> or <c>error</c>.
/// </summary>
public sealed class GuestAgentChannel(string socketPath)
{
    /// <summary>Sends <paramref name="command"/> and returns the agent's answer after <c>ok</c>; an <c>error</c> throws.</summary>
    public async Task<string> SendAsync(string command, TimeSpan timeout, CancellationToken ct)
    {
        if (command.Contains('\n') || command.Contains('\r')) throw new ArgumentException("A guest agent command is one line.", nameof(command));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), deadline.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(command + "\n"), deadline.Token);
            while (await reader.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line.StartsWith("ok", StringComparison.Ordinal)) return line[2..].Trim();
                if (line.StartsWith("error", StringComparison.Ordinal)) throw new QemuException($"The guest agent refused '{Verb(command)}': {line[5..].Trim()}");
            }
            throw new QemuException($"The guest agent closed its port before answering '{Verb(command)}'.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new QemuException($"The guest agent did not answer '{Verb(command)}' within {timeout.TotalSeconds:0} s.");
        }
        catch (SocketException e)
        {
            throw new QemuException($"The guest agent's port is not open: {e.Message}", e);
        }
    }

    /// <summary>Only the command's first word goes into a message: a <c>run</c> line may carry anything.</summary>
    private static string Verb(string command) => command.Split(' ', 2)[0];
}
