using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// One client's transmission phase: requests answered in order with simple replies. A request the disk cannot take
/// (outside the export, too long, unknown) gets an error reply and changes nothing; a storage failure is the guest's
/// I/O error (EIO), not the connection's end. Only a broken protocol ends the connection.
/// </summary>
internal sealed class NbdConnection(Stream stream, PageBlobExport export, ILogger logger, string client)
{
    private readonly byte[] _request = new byte[NbdProtocol.RequestSize];
    private readonly byte[] _reply = new byte[16];

    /// <summary>Serves requests until the client disconnects or hangs up.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await stream.ReadExactlyAsync(_request, cancellationToken);
            }
            catch (EndOfStreamException)
            {
                return; // hung up between requests: as good as a disconnect
            }
            var magic = BinaryPrimitives.ReadUInt32BigEndian(_request);
            if (magic != NbdProtocol.RequestMagic)
                throw new NbdProtocolException($"Request magic 0x{magic:x8}.");
            var flags = (NbdCommandFlags)BinaryPrimitives.ReadUInt16BigEndian(_request.AsSpan(4));
            var command = (NbdCommand)BinaryPrimitives.ReadUInt16BigEndian(_request.AsSpan(6));
            var cookie = BinaryPrimitives.ReadUInt64BigEndian(_request.AsSpan(8));
            var offset = BinaryPrimitives.ReadUInt64BigEndian(_request.AsSpan(16));
            var length = BinaryPrimitives.ReadUInt32BigEndian(_request.AsSpan(24));

            switch (command)
            {
                case NbdCommand.Disconnect:
                    return;
                case NbdCommand.Read:
                    await ReadAsync(flags, cookie, offset, length, cancellationToken);
                    break;
                case NbdCommand.Write:
                    await WriteAsync(flags, cookie, offset, length, cancellationToken);
                    break;
                case NbdCommand.Flush:
                    // A page write is durable once storage acknowledged it, and every write was acknowledged before its reply.
                    await ReplyAsync(cookie, Refusal(flags) ?? NbdError.None, cancellationToken);
                    break;
                case NbdCommand.Trim:
                    var refusal = Refusal(flags) ?? (export.Contains(offset, length) ? null : NbdError.Invalid);
                    await ReplyAsync(cookie, refusal ?? await StoreAsync(command, offset, length,
                        ct => export.TrimAsync((long)offset, length, ct), cancellationToken), cancellationToken);
                    break;
                default:
                    // Unknown commands carry no payload the server would have to skip (writes are the only ones that do).
                    await ReplyAsync(cookie, NbdError.Invalid, cancellationToken);
                    break;
            }
        }
    }

    private async Task ReadAsync(NbdCommandFlags flags, ulong cookie, ulong offset, uint length, CancellationToken cancellationToken)
    {
        var refusal = Refusal(flags) ?? (length > NbdProtocol.MaxPayload || !export.Contains(offset, length) ? NbdError.Invalid : null);
        if (refusal is { } error)
        {
            await ReplyAsync(cookie, error, cancellationToken);
            return;
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var data = buffer.AsMemory(0, (int)length);
            var outcome = await StoreAsync(NbdCommand.Read, offset, length, ct => export.ReadAsync((long)offset, data, ct), cancellationToken);
            await ReplyAsync(cookie, outcome, cancellationToken);
            if (outcome == NbdError.None) await stream.WriteAsync(data, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WriteAsync(NbdCommandFlags flags, ulong cookie, ulong offset, uint length, CancellationToken cancellationToken)
    {
        if (length > NbdProtocol.MaxPayload)
        {
            // Its payload is too long to take in and skip: answer, then end the connection, as the spec allows.
            await ReplyAsync(cookie, NbdError.Invalid, cancellationToken);
            throw new NbdProtocolException($"A write of {length} bytes, more than the {NbdProtocol.MaxPayload} announced.");
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var data = buffer.AsMemory(0, (int)length);
            await stream.ReadExactlyAsync(data, cancellationToken);
            var refusal = Refusal(flags) ?? (export.Contains(offset, length) ? null : NbdError.NoSpace);
            await ReplyAsync(cookie, refusal ?? await StoreAsync(NbdCommand.Write, offset, length,
                ct => export.WriteAsync((long)offset, data, ct), cancellationToken), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>FUA is the only command flag announced; every write is durable when acknowledged, so it needs no work.</summary>
    private static NbdError? Refusal(NbdCommandFlags flags) =>
        (flags & ~NbdCommandFlags.ForceUnitAccess) == 0 ? null : NbdError.Invalid;

    /// <summary>Runs one storage call; its failure becomes the guest's I/O error instead of the connection's end.</summary>
    private async Task<NbdError> StoreAsync(
        NbdCommand command, ulong offset, uint length, Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation(cancellationToken);
            return NbdError.None;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "NBD {Command} of {Length} bytes at {Offset} for {Client} on {Export} failed; the guest gets an I/O error",
                command, length, offset, client, export.Name);
            return NbdError.Io;
        }
    }

    private async Task ReplyAsync(ulong cookie, NbdError error, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_reply, NbdProtocol.SimpleReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(_reply.AsSpan(4), (uint)error);
        BinaryPrimitives.WriteUInt64BigEndian(_reply.AsSpan(8), cookie);
        await stream.WriteAsync(_reply, cancellationToken);
    }
}
