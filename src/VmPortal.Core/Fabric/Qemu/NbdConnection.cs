using System.Buffers.Binary;
using Microsoft.Extensions.Logging;

namespace VmPortal.Core.Fabric.Qemu;

/// <summary>
/// One client's transmission phase with simple replies. Requests are read in order but served at once (QEMU keeps
/// several in flight, and each is a round trip to storage), within a budget of bytes per connection; replies go out as
/// each finishes. A request the disk cannot take (outside the export, too long, unknown) gets an error reply and changes
/// nothing; a storage failure is the guest's I/O error (EIO), not the connection's end. Only a broken protocol ends it.
/// </summary>
internal sealed class NbdConnection(Stream stream, PageBlobExport export, ILogger logger, string client) : IDisposable
{
    /// <summary>How many MiB of requests one connection may have in flight: bounds what a client makes the server hold.</summary>
    private const int BudgetMiB = 64;

    private readonly byte[] _request = new byte[NbdProtocol.RequestSize];
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SemaphoreSlim _budget = new(BudgetMiB, BudgetMiB);

    /// <summary>Serves requests until the client disconnects or hangs up, then lets those in flight finish.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var inFlight = new List<Task>();
        try
        {
            while (await NextRequestAsync(cancellationToken) is { } request)
            {
                var units = MiBHeld(request);
                for (var i = 0; i < units; i++) await _budget.WaitAsync(cancellationToken);
                Task serving;
                try
                {
                    // A write's payload follows its header, so it is read here, in order, before the next request.
                    var payload = request.Command == NbdCommand.Write ? await ReadPayloadAsync(request, cancellationToken) : null;
                    serving = ServeAsync(request, payload, cancellationToken);
                }
                catch
                {
                    _budget.Release(units);
                    throw;
                }
                inFlight.RemoveAll(t => t.IsCompleted);
                inFlight.Add(ReleaseWhenDoneAsync(serving, units));
            }
        }
        finally
        {
            await Task.WhenAll(inFlight);
        }
    }

    /// <summary>The whole MiB a read's data or a write's payload keeps in memory while it is served (at least one unit).</summary>
    private static int MiBHeld(Request request) =>
        request.Command is NbdCommand.Read or NbdCommand.Write
            ? Math.Max(1, (int)Math.Min(BudgetMiB, (request.Length + (1u << 20) - 1) >> 20))
            : 1;

    private async Task ReleaseWhenDoneAsync(Task serving, int units)
    {
        try
        {
            await serving;
        }
        finally
        {
            _budget.Release(units);
        }
    }

    private sealed record Request(NbdCommand Command, NbdCommandFlags Flags, ulong Cookie, ulong Offset, uint Length);

    /// <summary>The next request, or null once the client disconnects (or hangs up between requests, which is as good).</summary>
    private async Task<Request?> NextRequestAsync(CancellationToken cancellationToken)
    {
        try
        {
            await stream.ReadExactlyAsync(_request, cancellationToken);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
        var magic = BinaryPrimitives.ReadUInt32BigEndian(_request);
        if (magic != NbdProtocol.RequestMagic)
            throw new NbdProtocolException($"Request magic 0x{magic:x8}.");
        var request = new Request(
            (NbdCommand)BinaryPrimitives.ReadUInt16BigEndian(_request.AsSpan(6)),
            (NbdCommandFlags)BinaryPrimitives.ReadUInt16BigEndian(_request.AsSpan(4)),
            BinaryPrimitives.ReadUInt64BigEndian(_request.AsSpan(8)),
            BinaryPrimitives.ReadUInt64BigEndian(_request.AsSpan(16)),
            BinaryPrimitives.ReadUInt32BigEndian(_request.AsSpan(24)));
        return request.Command == NbdCommand.Disconnect ? null : request;
    }

    private async Task<byte[]> ReadPayloadAsync(Request write, CancellationToken cancellationToken)
    {
        if (write.Length > NbdProtocol.MaxPayload)
        {
            // Its payload is too long to take in and skip: answer, then end the connection, as the spec allows.
            await ReplyAsync(write.Cookie, NbdError.Invalid, default, cancellationToken);
            throw new NbdProtocolException($"A write of {write.Length} bytes, more than the {NbdProtocol.MaxPayload} announced.");
        }
        var payload = new byte[write.Length];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        return payload;
    }

    private async Task ServeAsync(Request request, byte[]? payload, CancellationToken cancellationToken)
    {
        // Past the first await, so the reader goes on to the next request while this one waits for storage.
        await Task.Yield();
        var (offset, length) = (request.Offset, request.Length);
        var refusal = Refusal(request);
        if (refusal is { } error)
        {
            await ReplyAsync(request.Cookie, error, default, cancellationToken);
            return;
        }
        switch (request.Command)
        {
            case NbdCommand.Read:
                var data = new byte[length];
                var outcome = await StoreAsync(request, ct => export.ReadAsync((long)offset, data, ct), cancellationToken);
                await ReplyAsync(request.Cookie, outcome, outcome == NbdError.None ? data : default, cancellationToken);
                break;
            case NbdCommand.Write:
                await ReplyAsync(request.Cookie, await StoreAsync(request, ct => export.WriteAsync((long)offset, payload!, ct), cancellationToken), default, cancellationToken);
                break;
            case NbdCommand.Trim:
                await ReplyAsync(request.Cookie, await StoreAsync(request, ct => export.TrimAsync((long)offset, length, ct), cancellationToken), default, cancellationToken);
                break;
            default:
                // Flush: a page write is durable once storage acknowledged it, and every write was acknowledged before its reply.
                await ReplyAsync(request.Cookie, NbdError.None, default, cancellationToken);
                break;
        }
    }

    /// <summary>Why the disk cannot take the request, before it touches storage; null when it can.</summary>
    private NbdError? Refusal(Request request)
    {
        // FUA is the only command flag announced; every write is durable when acknowledged, so it needs no work.
        if ((request.Flags & ~NbdCommandFlags.ForceUnitAccess) != 0) return NbdError.Invalid;
        var inside = export.Contains(request.Offset, request.Length);
        return request.Command switch
        {
            NbdCommand.Read => request.Length > NbdProtocol.MaxPayload || !inside ? NbdError.Invalid : null,
            NbdCommand.Write => inside ? null : NbdError.NoSpace,
            NbdCommand.Trim => inside ? null : NbdError.Invalid,
            NbdCommand.Flush => null,
            // Unknown commands carry no payload the server would have to skip (writes are the only ones that do).
            _ => NbdError.Invalid,
        };
    }

    /// <summary>Runs one storage call; its failure becomes the guest's I/O error instead of the connection's end.</summary>
    private async Task<NbdError> StoreAsync(Request request, Func<CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        try
        {
            await operation(cancellationToken);
            return NbdError.None;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "NBD {Command} of {Length} bytes at {Offset} for {Client} on {Export} failed; the guest gets an I/O error",
                request.Command, request.Length, request.Offset, client, export.Name);
            return NbdError.Io;
        }
    }

    /// <summary>A simple reply, with a read's data right behind its header; replies never interleave.</summary>
    private async Task ReplyAsync(ulong cookie, NbdError error, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(header, NbdProtocol.SimpleReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)error);
        BinaryPrimitives.WriteUInt64BigEndian(header.AsSpan(8), cookie);
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await stream.WriteAsync(header, cancellationToken);
            if (!data.IsEmpty) await stream.WriteAsync(data, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    public void Dispose()
    {
        _sending.Dispose();
        _budget.Dispose();
    }
}
